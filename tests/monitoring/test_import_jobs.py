"""Issue #16: an import does not hold the service — it checks the file with no transaction open, so
other writes (a login, a site) go on while it runs as a background job; caps are stated on the page."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from openpyxl import Workbook

from npgov.core.choices import JobStatus
from npgov.core.models import Job
from npgov.core.services.jobs import wait_for_background_jobs
from npgov.monitoring import importers
from npgov.monitoring.reading import open_source
from tests.conftest import client_for
from tests.monitoring.conftest import LONG, counts
from tests.monitoring.factories import SiteFactory


def _upload(client, text: str) -> str:
    response = client.post(reverse("monitoring:result_import"), {"file": SimpleUploadedFile("lab.csv", text.encode())})
    assert response.status_code == 302, response.content[:300]
    return response["Location"]


@pytest.mark.django_db(transaction=True)
@override_settings(JOBS_IN_THREAD=True)
def test_other_writes_succeed_while_an_import_job_runs(personas, sites: dict, labs: dict, monkeypatch) -> None:
    """Before: the import opened its transaction (and SQLite's write lock) before reading the first row,
    so every login and write waited for the whole file and then failed with "database is locked"."""
    started, release = threading.Event(), threading.Event()
    check_batch = importers._import_batch

    def paused(frame, context):  # the job stops in the middle of reading the file
        started.set()
        release.wait(60)
        return check_batch(frame, context)

    monkeypatch.setattr(importers, "_import_batch", paused)
    client = client_for(personas.bureau)
    location = _upload(client, LONG)
    form = client.get(location).context["form"]
    data = {f"col_{i}": form[f"col_{i}"].value() for i in range(len(form.headers))}
    try:
        response = client.post(location, {**data, "action": "import", "background": "1"})
        assert response.status_code == 302
        assert started.wait(60), "the job did not start"
        # Meanwhile: another user's write and a login's write.
        SiteFactory(code="DL-RV-09")
        other = client_for(personas.department)
        assert other.get(reverse("monitoring:site_list")).status_code == 200
        personas.department.refresh_from_db()
        personas.department.save(update_fields=["last_login"])
    finally:
        release.set()
        wait_for_background_jobs()
    job = Job.objects.get(task="monitoring.import_results")
    assert job.status == JobStatus.SUCCEEDED, (job.status, job.error, job.log)
    assert counts() == (7, 4, 1)


@pytest.mark.django_db
def test_the_upload_page_states_the_caps(personas) -> None:
    page = client_for(personas.bureau).get(reverse("monitoring:result_import"), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    text = page.content.decode()
    assert "200 MB" in text and "5,000,000 rows" in text
    chinese = client_for(personas.bureau).get(reverse("monitoring:result_import")).content.decode()
    assert "200 MB" in chinese and "5,000,000 行" in chinese


@pytest.mark.django_db
def test_the_mapping_page_reads_only_the_first_rows_of_a_workbook(tmp_path: Path, monkeypatch) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["站点编码", "采样时间", "物质", "测定值", "单位"])
    for day in range(1, 29):
        sheet.append(["DL-DW-01", f"2025-06-{day:02d}", "1763-23-1", 1.5, "ng/L"])
    path = tmp_path / "big.xlsx"
    book.save(path)
    monkeypatch.setattr("npgov.monitoring.reading.BATCH_ROWS", 10)
    source = open_source(path, path.name)
    try:
        preview = list(source.batches(preview=True))
    finally:
        source.cleanup()
    assert len(preview) == 1 and preview[0].height == 5


@pytest.mark.django_db
def test_a_check_opens_no_transaction(tmp_path: Path, sites: dict, labs: dict, monkeypatch) -> None:
    """Only a committed import writes, and it writes after the whole file was checked."""
    from django.db import transaction

    from tests.monitoring.conftest import import_file, long_file

    opened = []
    real_atomic = transaction.atomic

    def watching(*args, **kwargs):
        opened.append(args)
        return real_atomic(*args, **kwargs)

    monkeypatch.setattr(transaction, "atomic", watching)  # django.db.transaction: every module's atomic
    report = import_file(long_file(tmp_path), commit=False)
    assert report.ok and report.results == 7
    assert opened == []

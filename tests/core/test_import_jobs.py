"""Large generic imports run as a job in a background thread on the embedded default (issue #16, defect 4):
the request answers at once, the job reports progress, and other requests keep writing meanwhile."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from npgov.core import tasks
from npgov.core.importers import ASYNC_ROW_THRESHOLD
from npgov.core.models import Department, Job
from npgov.core.services.jobs import wait_for_background_jobs
from tests.conftest import Personas, client_for

ROWS = ASYNC_ROW_THRESHOLD + 200


def departments_csv(rows: int) -> bytes:
    lines = ["code,city,name_zh,kind,is_lead"]
    lines += [f"dl-job{i:05d},210200,大连市后台测试局{i},municipal,否" for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.django_db(transaction=True)
@override_settings(JOBS_IN_THREAD=True)
def test_a_large_import_answers_at_once_and_finishes_as_a_job_while_others_write(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    reached, gate = threading.Event(), threading.Event()
    seen: list[int] = []
    real_progress = tasks.job_progress

    def paused_progress(job: Job, **kwargs: Any) -> Any:
        report = real_progress(job, **kwargs)

        def wrapper(done: int, estimated: int) -> None:
            report(done, estimated)
            seen.append(done)
            if len(seen) == 1:  # in the middle of validating: let the test act, then go on
                reached.set()
                gate.wait(60)

        return wrapper

    monkeypatch.setattr(tasks, "job_progress", paused_progress)
    try:
        response = client_for(personas.bureau).post(
            reverse("core:department_import"), {"file": SimpleUploadedFile("many.csv", departments_csv(ROWS))}
        )
        job = Job.objects.get()
        assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
        assert reached.wait(60), "the job did not start"
        job.refresh_from_db()
        assert job.status == "running" and 0 < job.progress < 100  # progress visible while it runs
        assert not Department.objects.filter(code__startswith="dl-job").exists()
        # meanwhile (SQLite: one writer at a time) a login and another write go through
        login = Client().post(reverse("core:login"), {"username": personas.district.username,
                                                      "password": "Test-password-1"})  # fmt: skip
        assert login.status_code == 302
        Department.objects.filter(code="dl-ara").update(name_en="Written during the import")
    finally:
        gate.set()
        wait_for_background_jobs()
    job.refresh_from_db()
    assert (job.status, job.progress) == ("succeeded", 100), job.log
    assert job.result["created"] == ROWS and seen[-1] == ROWS - ROWS % 200
    assert Department.objects.filter(code__startswith="dl-job", is_lead=False).count() == ROWS
    assert Department.objects.get(code="dl-ara").name_en == "Written during the import"

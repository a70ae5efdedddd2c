"""The job page: the "Run again" button of a failed job, and results of any shape."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from npgov.core.choices import JobStatus
from npgov.core.models import Job
from tests.conftest import client_for
from tests.core.factories import JobFactory

pytestmark = pytest.mark.django_db


def test_a_job_whose_result_counts_errors_renders(personas: Any) -> None:
    """Older screening jobs stored ``errors`` as a number, not a list: the page answered 500."""
    job = JobFactory(user=personas.bureau, status=JobStatus.FAILED, result={"errors": 3})
    response = client_for(personas.bureau).get(job.get_absolute_url())
    assert response.status_code == 200
    assert b'id="job-errors"' not in response.content


def test_a_failed_import_with_its_upload_kept_can_be_run_again_by_its_owner(
    personas: Any, tmp_path: Path, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    upload = tmp_path / "imports" / "sites.csv"
    upload.parent.mkdir()
    upload.write_text("code,name,kind,district,latitude,longitude\nOPS-1,重跑测试点位,river,210211,39.0,121.6\n",
                      encoding="utf-8")  # fmt: skip
    params = {"spec": "monitoring-sites", "path": str(upload), "filename": "sites.csv", "rows": 1}
    job = JobFactory(user=personas.bureau, task="core.import_file", status=JobStatus.FAILED, params=params)
    url = reverse("core:job_restart", args=[job.pk])

    assert b'id="job-restart"' in client_for(personas.bureau).get(job.get_absolute_url()).content
    assert b'id="job-restart"' not in client_for(personas.district).get(job.get_absolute_url()).content
    assert client_for(personas.district).post(url).status_code == 404  # not the owner
    assert client_for(personas.bureau).get(url).status_code == 405

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(personas.bureau).post(url)
    new = Job.objects.get(params__restart_of=job.pk)
    assert response.status_code == 302 and response["Location"] == new.get_absolute_url()
    assert new.status == JobStatus.SUCCEEDED, new.log
    assert client_for(personas.bureau).post(url).status_code == 404  # once only

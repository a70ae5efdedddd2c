"""A lab's result file of more than a few dozen rows is checked and written by a job, not in the request (issue 17).

Before, the page wrote every result with its history and judged each sample again inside the request: a 500-row
file held it for seconds (2,000 rows took over a minute on a loaded server).
"""

from __future__ import annotations

import io
import time
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from npgov.core.choices import JobStatus
from npgov.core.models import ImportBatch, Job, User
from npgov.enforcement.models import ProductResult, ProductSample
from npgov.enforcement.products.importers import ASYNC_ROWS, product_results_import
from npgov.enforcement.products.tasks import product_results_import_task
from tests.conftest import client_for
from tests.enforcement.test_products import limits, sample, samr_user  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

# Substances with a toy content limit (phthalates) or none: either is a valid result.
CAS = ["117-81-7", "84-74-2", "85-68-7", "7440-43-9", "7439-92-1", "80-05-7"]


def _file(samples: int, bad_row: bool = False) -> bytes:
    lines = ["样品编号,CAS号,检测结果,单位,检测机构"]
    for n in range(samples):
        lines += [f"S-{n},{cas},0.0{(n + i) % 9 + 1},%,某检测院" for i, cas in enumerate(CAS)]
    if bad_row:
        lines.append("S-0,117-81-8,0.01,%,某检测院")  # a wrong check digit
    return ("\n".join(lines) + "\n").encode()


def _post(user: User, content: bytes, name: str = "results.csv") -> Any:
    data = io.BytesIO(content)
    data.name = name
    with translation.override("en"):
        return client_for(user).post(reverse("enforcement:product_result_import"), {"file": data},
                                     HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip


def test_a_large_file_is_imported_by_a_job_with_its_outcome_on_the_job_page(
    limits: None,  # noqa: F811  (the fixture)
    samr_user: User,  # noqa: F811
) -> None:
    for n in range(20):
        sample(code=f"S-{n}")
    content = _file(20)  # 120 rows
    assert content.count(b"\n") - 1 > ASYNC_ROWS
    response = _post(samr_user, content)
    job = Job.objects.get(task="enforcement.product_results_import")
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert not ProductResult.objects.exists()  # nothing written inside the request
    # the job's task is sent when the request's transaction commits, which a test's never does: run it here
    product_results_import_task.apply(kwargs={"job_id": job.pk})
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.log
    batch = ImportBatch.objects.get(target="enforcement.productresult")
    assert job.result["created"] == 120 and job.result["url"].endswith(f"?batch={batch.pk}")
    assert ProductResult.objects.count() == 120 and ProductSample.objects.filter(verdict="fail").exists()
    page = client_for(samr_user).get(job.get_absolute_url())
    assert page.status_code == 200 and job.result["url"] in page.content.decode()


def test_a_large_bad_file_fails_its_job_with_the_rows_and_writes_nothing(
    limits: None,  # noqa: F811
    samr_user: User,  # noqa: F811
    django_capture_on_commit_callbacks: Any,
) -> None:
    for n in range(10):
        sample(code=f"S-{n}")
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(samr_user, _file(10, bad_row=True))
    job = Job.objects.get(task="enforcement.product_results_import")
    assert response.status_code == 302 and job.status == JobStatus.FAILED
    assert [(e["row"], e["column"]) for e in job.result["errors"]] == [(62, "CAS号")]
    assert not ProductResult.objects.exists() and not ImportBatch.objects.exists()
    assert not Path(job.params["path"]).exists()  # the upload is not kept


def test_a_small_file_is_still_imported_at_once(limits: None, samr_user: User) -> None:  # noqa: F811
    sample(code="S-0")
    response = _post(samr_user, _file(1))  # six rows
    assert response.status_code == 302 and ProductResult.objects.count() == 6
    assert not Job.objects.filter(task="enforcement.product_results_import").exists()


def test_the_threshold_keeps_a_direct_import_short(limits: None, samr_user: User) -> None:  # noqa: F811
    """Not a timed assertion: prints what a direct import of ASYNC_ROWS rows costs here, for the report."""
    for n in range(ASYNC_ROWS // len(CAS) + 1):
        sample(code=f"S-{n}")
    content = _file(ASYNC_ROWS // len(CAS) + 1)
    start = time.perf_counter()
    report = product_results_import(data=content, filename="r.csv", user=samr_user)
    seconds = time.perf_counter() - start
    assert report.ok and report.created == report.rows
    print(f"\nproduct import: {report.rows} rows in {seconds:.2f} s ({1000 * seconds / report.rows:.1f} ms a row)")

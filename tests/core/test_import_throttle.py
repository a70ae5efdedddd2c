"""Per-user limits on expensive uploads (issue #16, defect 4): so many an hour, so many jobs at once."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from npgov.core.models import Department
from npgov.core.throttle import UploadNotAllowed, check_upload_allowance, running_jobs, throttle_params
from tests.conftest import Personas, client_for
from tests.core.factories import JobFactory

pytestmark = pytest.mark.django_db


def test_uploads_are_limited_per_hour_and_user(personas: Personas) -> None:
    for _ in range(3):
        check_upload_allowance(personas.bureau, "test.key", per_hour=3, concurrent_jobs=0)
    with pytest.raises(UploadNotAllowed) as caught:
        check_upload_allowance(personas.bureau, "test.key", per_hour=3, concurrent_jobs=0)
    assert caught.value.retry_after > 0 and "3" in str(caught.value)
    check_upload_allowance(personas.department, "test.key", per_hour=3, concurrent_jobs=0)  # another user
    check_upload_allowance(personas.bureau, "other.key", per_hour=3, concurrent_jobs=0)  # another kind of upload


def test_running_jobs_of_the_key_are_counted(personas: Personas) -> None:
    JobFactory(name="a", task="core.import_file", user=personas.bureau, status="running",
               params=throttle_params("test.key"))  # fmt: skip
    JobFactory(name="b", task="core.import_file", user=personas.bureau, status="succeeded",
               params=throttle_params("test.key"))  # fmt: skip
    JobFactory(name="c", task="regulations.classify", user=personas.bureau, status="pending")
    assert running_jobs(personas.bureau, "test.key") == 1
    assert running_jobs(personas.bureau, "regulations.classify") == 1  # a task name is a key too
    assert running_jobs(personas.department, "test.key") == 0
    with pytest.raises(UploadNotAllowed):
        check_upload_allowance(personas.bureau, "test.key", per_hour=0, concurrent_jobs=1)
    check_upload_allowance(personas.bureau, "test.key", per_hour=0, concurrent_jobs=2)


def test_the_import_page_refuses_an_upload_while_the_users_imports_run(personas: Personas) -> None:
    for name in ("a", "b"):
        JobFactory(name=name, task="core.import_file", user=personas.bureau, status="running",
                   params=throttle_params("core.import"))  # fmt: skip
    content = "code,city,name_zh\ndl-th,210200,大连市限制局\n".encode()
    response = client_for(personas.bureau).post(reverse("core:department_import"),
                                                 {"file": SimpleUploadedFile("d.csv", content)})  # fmt: skip
    assert response.status_code == 429 and response["Retry-After"]
    assert response.context["result"].errors[0].code == "throttled"
    assert not Department.objects.filter(code="dl-th").exists()

"""Bad input in enforcement: refused with a row and column, never stored, never a 500 (issue #16)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from npgov.core.choices import Role
from npgov.core.models import Department, ImportBatch, User
from npgov.enforcement.models import ProductCategory, ProductResult, ProductSample
from npgov.enforcement.products import importers, services
from tests.conftest import client_for
from tests.core.factories import UserFactory
from tests.enforcement.factories import ProductSampleFactory

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "files"


@pytest.fixture
def samr_user(org: None) -> User:
    services.product_limits_load()
    return UserFactory(username="sam-r", role=Role.DEPARTMENT, department=Department.objects.get(code="dl-samr"))


def toy(code: str = "S-1") -> ProductSample:
    return ProductSampleFactory(code=code, category=ProductCategory.objects.get(code="toys"), producer=None)


def upload(user: User, content: bytes, name: str = "results.csv") -> Any:
    data = io.BytesIO(content)
    data.name = name
    with translation.override("en"):
        return client_for(user).post(reverse("enforcement:product_result_import"), {"file": data},
                                     HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip


def errors_of(response: Any) -> dict[tuple[int, str], str]:
    return {(e.row, e.column): e.message for e in response.context["result"].errors}


# --- product results --------------------------------------------------------------------------------------------
def test_an_overflowing_result_is_a_row_error_and_never_fails_the_sample(samr_user: User) -> None:
    sample = toy()
    response = upload(samr_user, (FILES / "product_results_overflow.csv").read_bytes())
    assert response.status_code == 400
    errors = errors_of(response)
    assert set(errors) == {(2, "检测结果"), (3, "检测结果"), (4, "检测结果")}
    assert "too large" in errors[(2, "检测结果")] and "more than the whole product" in errors[(4, "检测结果")]
    assert not ProductResult.objects.exists() and not ImportBatch.objects.filter(target=importers.RESULTS_TARGET)
    assert ProductSample.objects.get(pk=sample.pk).verdict == "pending"


def test_a_result_longer_than_its_field_is_a_row_error_not_a_500(samr_user: User) -> None:
    toy()
    response = upload(samr_user, (FILES / "product_results_long_value.csv").read_bytes())
    assert response.status_code == 400
    errors = errors_of(response)
    assert set(errors) == {(2, "检测结果"), (2, "检测机构")}
    assert "at most 40" in errors[(2, "检测结果")] and "At most 200 characters" in errors[(2, "检测机构")]
    assert not ProductResult.objects.exists()


def test_full_width_values_units_and_cas_numbers_are_read(samr_user: User) -> None:
    toy()
    response = upload(samr_user, (FILES / "product_results_fullwidth.csv").read_bytes())
    assert response.status_code == 302
    result = ProductResult.objects.get()
    assert (result.substance.cas, result.value, result.unit, result.value_mg_kg) == ("117-81-7", 0.08, "%", 800)


def test_a_file_over_the_row_cap_is_refused_at_the_first_row_too_many(samr_user: User) -> None:
    toy()
    rows = "".join(f"S-1,117-81-7,0.0{i % 9 + 1},mg/kg\n" for i in range(importers.RESULT_LIMITS.max_rows + 1))
    response = upload(samr_user, ("样品编号,CAS号,检测结果,单位\n" + rows).encode())
    assert response.status_code == 400
    [error] = response.context["result"].errors
    assert error.row in (0, importers.RESULT_LIMITS.max_rows + 2) and "500" in error.message
    assert not ProductResult.objects.exists()


def test_the_upload_page_states_the_caps(samr_user: User) -> None:
    with translation.override("en"):
        page = client_for(samr_user).get(reverse("enforcement:product_result_import"), HTTP_ACCEPT_LANGUAGE="en")
    assert "At most 1 MB, 500 rows and 30 columns per file." in page.content.decode()


def test_a_file_over_the_size_cap_is_refused_before_reading(samr_user: User) -> None:
    response = upload(samr_user, b"x" * (importers.RESULT_LIMITS.max_bytes + 1))
    assert response.status_code == 400 and "at most 1 MB" in response.content.decode()


@pytest.mark.parametrize("value", ["1e400", "1e308", "1" * 41, "0,08"])
def test_the_result_form_refuses_what_cannot_be_stored(samr_user: User, value: str) -> None:
    sample = toy()
    url = reverse("enforcement:product_result_add", args=[sample.pk])
    data = {"substance": "１１７－８１－７", "measurement": "content", "value": value, "unit": "%"}
    with translation.override("en"):
        response = client_for(samr_user).post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and response.context["form"].errors["value"]
    assert not ProductResult.objects.exists()
    assert ProductSample.objects.get(pk=sample.pk).verdict == "pending"


def test_the_service_refuses_an_infinite_result(samr_user: User) -> None:
    from django.core.exceptions import ValidationError

    from npgov.substances.models import Substance

    with pytest.raises(ValidationError):
        services.product_result_save(sample=toy(), user=samr_user, substance=Substance.objects.get(cas="117-81-7"),
                                     measurement="content", value="1e400", unit="%")  # fmt: skip

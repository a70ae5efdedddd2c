"""Open data: every dataset listed, CSV (Excel-safe) and JSON at stable URLs, the same in the API, 404s."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from npgov.portal.opendata import DATASETS
from tests.conftest import Personas, client_for
from tests.enforcement.factories import (
    CaseFactory,
    InspectionDrawFactory,
    InspectionRecordFactory,
    InspectionTaskFactory,
)

pytestmark = pytest.mark.django_db


def test_the_index_lists_every_registered_dataset_with_its_downloads(org: None) -> None:
    page = client_for(None).get(reverse("portal:opendata")).content.decode()
    assert {"inspection-draws", "enforcement-cases"} <= set(DATASETS)
    for key in DATASETS:
        assert reverse("portal:dataset_csv", args=[key]) in page and reverse("portal:dataset_json", args=[key]) in page


def test_the_csv_is_excel_safe_and_holds_only_published_cases(org: None) -> None:
    CaseFactory(number="=HYPERLINK(1)", published=True, penalty_yuan=Decimal("50000.00"), decision="罚款五万元")
    CaseFactory(number="HIDDEN-1", published=False, decision="内部意见")
    response = client_for(None).get(reverse("portal:dataset_csv", args=["enforcement-cases"]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="enforcement-cases.csv"' in response["Content-Disposition"]
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert len(rows) == 2  # header + the published case
    assert rows[1][0] == "'=HYPERLINK(1)" and "50000.0" in rows[1] and "罚款五万元" in rows[1]
    assert "HIDDEN-1" not in body and "内部意见" not in body


def test_the_json_carries_licence_source_columns_and_rows(org: None) -> None:
    published = InspectionDrawFactory(title="第一批", seed="seed-公开", published=True, created_by=None)
    InspectionRecordFactory(task=InspectionTaskFactory(draw=published, status="done"), observations="内部观察记录")
    InspectionTaskFactory(draw=InspectionDrawFactory(title="未公开批次", published=False, created_by=None))
    response = client_for(None).get(reverse("portal:dataset_json", args=["inspection-draws"]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    document = response.json()
    assert {"dataset", "title", "licence", "source", "generated_at", "columns", "rows"} <= set(document)
    assert document["dataset"] == "inspection-draws" and document["licence"]
    assert [c["key"] for c in document["columns"]] == list(document["rows"][0])
    assert [r["draw"] for r in document["rows"]] == ["第一批"] and document["rows"][0]["seed"] == "seed-公开"
    assert document["rows"][0]["outcome"]  # the label of the outcome, not its code
    assert document["rows"][0]["outcome"] != "compliant"
    assert "内部观察记录" not in response.content.decode() and "未公开批次" not in response.content.decode()


@pytest.mark.parametrize("name", ["portal:dataset_csv", "portal:dataset_json", "api:portal-dataset"])
def test_an_unknown_dataset_is_404(name: str, org: None) -> None:
    assert client_for(None).get(reverse(name, args=["no-such-data"])).status_code == 404


def test_the_api_lists_and_serves_the_datasets_without_a_session(personas: Personas) -> None:
    CaseFactory(number="API-1", published=True)
    client = APIClient(enforce_csrf_checks=True)
    listing = client.get(reverse("api:portal-datasets"))
    assert listing.status_code == 200
    keys = [d["dataset"] for d in listing.json()]
    assert keys == sorted(DATASETS, key=lambda k: (DATASETS[k].order, k))
    first = next(d for d in listing.json() if d["dataset"] == "enforcement-cases")
    assert first["csv"].endswith(reverse("portal:dataset_csv", args=["enforcement-cases"]))
    detail = client.get(reverse("api:portal-dataset", args=["enforcement-cases"]))
    assert detail.status_code == 200 and [r["number"] for r in detail.json()["rows"]] == ["API-1"]
    # the same for a signed-in official (no per-user data in open data)
    signed_in = client_for(personas.bureau).get(reverse("api:portal-dataset", args=["enforcement-cases"]))
    assert signed_in.json()["rows"] == detail.json()["rows"]


def test_the_datasets_api_is_in_the_openapi_schema_under_the_portal_tag(org: None) -> None:
    schema = client_for(None).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for path in ("/api/portal/datasets/", "/api/portal/datasets/{key}/"):
        assert schema["paths"][path]["get"]["tags"] == ["portal"], path


def test_the_about_page_states_the_licence_and_links_the_api_docs(org: None) -> None:
    page = client_for(None).get(reverse("portal:about")).content.decode()
    assert 'id="about-licence"' in page and reverse("api:docs") in page and reverse("api:portal-datasets") in page

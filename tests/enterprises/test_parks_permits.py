"""Industrial parks and discharge permits: pages per role, a permit's substances and limits, import and export."""

from __future__ import annotations

import io
import math

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from rest_framework.test import APIClient

from npgov.core.models import District
from npgov.enterprises.models import Park, Permit, PermitLimit
from tests.conftest import Personas, client_for
from tests.enterprises.factories import EnterpriseFactory, ParkFactory, PermitFactory, PermitLimitFactory

pytestmark = pytest.mark.django_db
PFOA = "335-67-1"


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def world(personas: Personas) -> dict[str, object]:
    """A park in Ganjingzi with the enterprise persona's company; another company elsewhere."""
    ganjingzi = District.objects.get(code="210211")
    other_district = District.objects.exclude(pk__in=personas.district.district_scope_ids()).filter(kind="district")[0]
    park = ParkFactory(name="大连石化产业园", district=ganjingzi)
    own = EnterpriseFactory(name="甲化工", district=ganjingzi, park=park)
    own.users.add(personas.enterprise)
    elsewhere = EnterpriseFactory(name="乙化工", district=other_district)
    own_permit = PermitFactory(enterprise=own, number="OWN-001")
    other_permit = PermitFactory(enterprise=elsewhere, number="FAR-001")
    limit = PermitLimitFactory(permit=own_permit)
    return {"park": park, "own": own, "own_permit": own_permit, "other_permit": other_permit, "limit": limit}


# --- pages per role ----------------------------------------------------------------------------
@pytest.mark.parametrize("role", ["sysadmin", "bureau", "department", "district"])
def test_officials_see_the_park_pages(personas: Personas, world: dict[str, object], role: str) -> None:
    client = client_for(personas.get(role))
    listing = client.get(reverse("enterprises:park_list"))
    assert listing.status_code == 200
    assert "大连石化产业园" in listing.content.decode()
    detail = client.get(reverse("enterprises:park_detail", args=[world["park"].pk]))
    assert detail.status_code == 200
    # the park page links the enterprises registered in it
    assert world["own"].get_absolute_url() in detail.content.decode()


def test_the_permit_list_is_scoped_by_role(personas: Personas, world: dict[str, object]) -> None:
    def numbers(role: str) -> set[str]:
        response = client_for(personas.get(role)).get(reverse("enterprises:permit_list"))
        assert response.status_code == 200
        return {row.record.number for row in response.context["table"].page.object_list}

    assert numbers("bureau") >= {"OWN-001", "FAR-001"}
    assert numbers("department") >= {"OWN-001", "FAR-001"}  # permits are not confidential
    assert "OWN-001" in numbers("district") and "FAR-001" not in numbers("district")
    assert numbers("enterprise") == {"OWN-001"}
    assert client_for(personas.expert).get(reverse("enterprises:permit_list")).status_code == 403


def test_a_permit_outside_the_users_scope_is_not_found(personas: Personas, world: dict[str, object]) -> None:
    far = reverse("enterprises:permit_detail", args=[world["other_permit"].pk])
    assert client_for(personas.district).get(far).status_code == 404
    assert client_for(personas.enterprise).get(far).status_code == 404
    assert client_for(personas.department).get(far).status_code == 200


def test_the_permit_page_shows_its_substances_and_limits(personas: Personas, world: dict[str, object]) -> None:
    url = reverse("enterprises:permit_detail", args=[world["own_permit"].pk])
    page = client_for(personas.enterprise).get(url).content.decode()
    assert PFOA in page and "0.5 µg/L" in page and "0.0005 mg/L" in page
    assert world["own"].get_absolute_url() in page and world["park"].get_absolute_url() in page
    # read-only for the enterprise: no add, edit or delete controls
    assert reverse("enterprises:permitlimit_add") not in page
    assert reverse("enterprises:permitlimit_edit", args=[world["limit"].pk]) not in page
    bureau_page = client_for(personas.bureau).get(url).content.decode()
    assert reverse("enterprises:permitlimit_edit", args=[world["limit"].pk]) in bureau_page
    assert f"{reverse('enterprises:permitlimit_add')}?permit={world['own_permit'].pk}" in bureau_page


def test_the_enterprise_page_links_its_park_and_permits(personas: Personas, world: dict[str, object]) -> None:
    page = client_for(personas.enterprise).get(world["own"].get_absolute_url()).content.decode()
    assert world["own_permit"].get_absolute_url() in page
    assert world["park"].get_absolute_url() in page


# --- writes and permissions --------------------------------------------------------------------
def test_only_the_bureau_adds_and_edits(personas: Personas, world: dict[str, object]) -> None:
    for role in ("department", "district", "enterprise", "expert"):
        client = client_for(personas.get(role))
        assert client.get(reverse("enterprises:park_add")).status_code == 403
        assert client.get(reverse("enterprises:permit_add")).status_code == 403
        assert client.get(reverse("enterprises:permitlimit_add")).status_code == 403
        assert client.get(reverse("enterprises:permit_edit", args=[world["own_permit"].pk])).status_code == 404
        assert client.post(reverse("enterprises:permitlimit_delete", args=[world["limit"].pk])).status_code == 404
    assert PermitLimit.objects.filter(pk=world["limit"].pk).exists()


def test_the_bureau_adds_a_park_and_a_limit(personas: Personas, world: dict[str, object]) -> None:
    client = client_for(personas.bureau)
    response = client.post(reverse("enterprises:park_add"), {"name": "新园区", "district": "210211"})
    assert response.status_code == 302
    assert Park.objects.get(name="新园区").district.code == "210211"
    response = client.post(
        reverse("enterprises:permitlimit_add"),
        {"permit": "OWN-001", "substance": "75-09-2", "kind": "annual_amount", "value": "2.5", "unit": "t/a"},
    )
    assert response.status_code == 302
    assert response["Location"] == world["own_permit"].get_absolute_url()
    limit = PermitLimit.objects.get(permit=world["own_permit"], substance__cas="75-09-2")
    assert limit.canonical == "2500 kg/a"


@pytest.mark.parametrize(
    ("value", "unit", "field"),
    [("inf", "mg/L", "value"), ("-1", "mg/L", "value"), ("0", "mg/L", "value"), ("200", "g/a", "unit"),
     ("2e8", "mg/L", "value")],
)  # fmt: skip
def test_a_limit_is_finite_positive_in_its_unit_and_in_range(
    personas: Personas, world: dict[str, object], value: str, unit: str, field: str
) -> None:
    response = client_for(personas.bureau).post(
        reverse("enterprises:permitlimit_add"),
        {"permit": "OWN-001", "substance": "75-09-2", "kind": "water_concentration", "value": value, "unit": unit},
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not PermitLimit.objects.filter(substance__cas="75-09-2").exists()


def test_the_model_refuses_a_nan_limit(world: dict[str, object]) -> None:
    limit = PermitLimit(permit=world["own_permit"], substance=world["limit"].substance, kind="air_concentration",
                        value=math.nan, unit="mg/m³")  # fmt: skip
    with pytest.raises(ValidationError):
        limit.full_clean()


# --- import and export -------------------------------------------------------------------------
def test_parks_and_permits_import_from_excel(personas: Personas, world: dict[str, object]) -> None:
    client = client_for(personas.bureau)
    parks = xlsx([["名称", "行政区", "化工园区"], ["松木岛化工园区", "210211", "true"]])
    response = client.post(reverse("enterprises:park_import"), {"file": SimpleUploadedFile("p.xlsx", parks)})
    assert response.status_code == 302
    assert Park.objects.get(name="松木岛化工园区").chemical_park
    permits = xlsx([["number", "kind", "enterprise", "valid_until"],
                    ["NEW-001", "permit", world["own"].uscc, "2029-12-31"]])  # fmt: skip
    response = client.post(reverse("enterprises:permit_import"), {"file": SimpleUploadedFile("q.xlsx", permits)})
    assert response.status_code == 302
    assert Permit.objects.get(number="NEW-001").enterprise == world["own"]
    limits = xlsx([["permit", "substance", "kind", "value", "unit"],
                   ["NEW-001", PFOA, "water_concentration", "0.1", "µg/L"]])  # fmt: skip
    response = client.post(reverse("enterprises:permitlimit_import"), {"file": SimpleUploadedFile("l.xlsx", limits)})
    assert response.status_code == 302
    assert PermitLimit.objects.get(permit__number="NEW-001").value == 0.1


def test_a_bad_row_is_refused_with_its_row_and_column(personas: Personas, world: dict[str, object]) -> None:
    content = xlsx(
        [
            ["permit", "substance", "kind", "value", "unit"],
            ["OWN-001", "75-09-2", "water_concentration", "3", "mg/L"],
            ["OWN-001", "50-00-0", "water_concentration", "3", "t/a"],
            ["NO-SUCH", "75-09-2", "annual_amount", "1", "kg/a"],
        ]
    )
    response = client_for(personas.bureau).post(
        reverse("enterprises:permitlimit_import"), {"file": SimpleUploadedFile("l.xlsx", content)}
    )
    assert response.status_code == 400
    errors = {(e.row, e.column) for e in response.context["result"].errors}
    assert (3, "unit") in errors
    assert (4, "permit") in errors
    assert not PermitLimit.objects.filter(substance__cas="75-09-2").exists()  # all or nothing


def test_a_district_user_may_not_import(personas: Personas) -> None:
    content = xlsx([["name", "district"], ["某园区", "210211"]])
    response = client_for(personas.district).post(
        reverse("enterprises:park_import"), {"file": SimpleUploadedFile("p.xlsx", content)}
    )
    assert response.status_code == 403
    assert not Park.objects.filter(name="某园区").exists()


def test_permits_export_to_excel_within_the_users_scope(personas: Personas, world: dict[str, object]) -> None:
    response = client_for(personas.district).get(reverse("enterprises:permit_list"), {"export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = {cell for row in sheet.iter_rows(values_only=True) for cell in row}
    assert "OWN-001" in values and "FAR-001" not in values
    parks = client_for(personas.bureau).get(reverse("enterprises:park_list"), {"export": "csv"})
    assert "大连石化产业园" in b"".join(parks.streaming_content).decode("utf-8-sig")


# --- API ---------------------------------------------------------------------------------------
def test_the_api_reads_permits_with_their_limits_in_scope(personas: Personas, world: dict[str, object]) -> None:
    api = APIClient()
    api.force_authenticate(personas.enterprise)
    response = api.get("/api/enterprises/permits/")
    assert response.status_code == 200
    rows = response.json()["results"] if isinstance(response.json(), dict) else response.json()
    assert [row["number"] for row in rows] == ["OWN-001"]
    assert rows[0]["limits"][0]["substance"] == PFOA
    api.force_authenticate(personas.expert)
    assert api.get("/api/enterprises/parks/").status_code == 200


# --- demo ----------------------------------------------------------------------------------------
def test_the_demo_gives_the_enterprise_logins_company_a_park_and_a_permit(personas: Personas) -> None:
    from npgov.enterprises.demo import PARKS, create_parks_and_permits_demo

    ganjingzi = District.objects.get(code="210211")
    own = EnterpriseFactory(name="大连某化工有限公司（演示001）", district=ganjingzi)
    own.users.add(personas.enterprise)
    for n in range(2, 6):
        EnterpriseFactory(name=f"大连某化工有限公司（演示{n:03d}）", district=ganjingzi)
    assert create_parks_and_permits_demo().startswith(f"{len(PARKS)} parks")
    own.refresh_from_db()
    assert own.park is not None and own.park.district == ganjingzi
    permit = Permit.objects.get(enterprise=own)
    assert permit.limits.exists() and all(limit.canonical for limit in permit.limits.all())
    assert create_parks_and_permits_demo() == "already present"

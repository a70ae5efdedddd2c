"""Monitoring pages and API as users meet them: upload → mapping → check → import, site page, map, substance tab."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from npgov.core.models import ImportBatch
from npgov.monitoring.calculators import drinking_water_coverage
from npgov.monitoring.models import Result, Site
from npgov.substances.models import Substance
from npgov.workplan.models import Plan
from tests.conftest import client_for
from tests.monitoring.conftest import LONG, counts, import_file, long_file

pytestmark = pytest.mark.django_db


def upload(client, text: str, name: str = "lab.csv") -> str:
    response = client.post(reverse("monitoring:result_import"), {"file": SimpleUploadedFile(name, text.encode())})
    assert response.status_code == 302, response.content[:500]
    return response["Location"]


def mapping_post(client, location: str, action: str) -> object:
    page = client.get(location)
    assert page.status_code == 200
    form = page.context["form"]
    data = {f"col_{i}": form[f"col_{i}"].value() for i in range(len(form.headers))}
    return client.post(location, {**data, "action": action})


def test_upload_map_check_and_import(personas, sites: dict, labs: dict) -> None:
    client = client_for(personas.bureau)
    location = upload(client, LONG)
    page = client.get(location)
    assert page.context["format"] == "long"
    assert page.context["form"]["col_0"].value() == "site"  # 站点编码 guessed
    checked = mapping_post(client, location, "check")
    assert checked.status_code == 200 and checked.context["report"].ok
    assert counts() == (0, 0, 0)  # a check stores nothing
    imported = mapping_post(client, location, "import")
    batch = ImportBatch.objects.get(target="monitoring.result")
    assert imported.status_code == 302 and imported["Location"] == reverse("monitoring:batch_detail", args=[batch.pk])
    assert counts() == (7, 4, 1) and batch.user == personas.bureau
    detail = client.get(imported["Location"])
    assert detail.context["results"] == 7 and detail.context["censored"] == 3


def test_a_broken_upload_shows_rows_and_columns_and_stores_nothing(personas, sites: dict, labs: dict) -> None:
    client = client_for(personas.bureau)
    broken = LONG.replace("1763-23-1,1.5", "1763-23-2,1.5").replace("ND,ng/L", "ND,ppb")
    response = mapping_post(client, upload(client, broken), "import")
    assert response.status_code == 400
    errors = {(e.row, e.column) for e in response.context["report"].errors}
    assert errors == {(2, "物质"), (3, "单位")}
    assert "1763-23-2" in response.content.decode()
    assert counts() == (0, 0, 0)


def test_a_mapping_without_the_required_fields_is_refused(personas, sites: dict) -> None:
    client = client_for(personas.bureau)
    location = upload(client, LONG)
    response = client.post(location, {"col_0": "", "col_1": "sampled_at", "action": "check"})
    assert response.status_code == 400
    assert response.context["problems"]


def test_upload_refuses_other_files_and_expired_uploads(personas) -> None:
    client = client_for(personas.bureau)
    response = client.post(reverse("monitoring:result_import"), {"file": SimpleUploadedFile("x.pdf", b"%PDF")})
    assert response.status_code == 400
    gone = client.get(reverse("monitoring:result_mapping") + "?upload=../../etc/passwd&name=x.csv")
    assert gone.status_code == 302 and gone["Location"] == reverse("monitoring:result_import")


@pytest.mark.parametrize("template", ["long.xlsx", "long.csv", "wide.xlsx", "wide.csv"])
def test_templates_download(personas, template: str) -> None:
    response = client_for(personas.bureau).get(reverse("monitoring:result_import") + f"?template={template}")
    assert response.status_code == 200
    if template.endswith(".xlsx"):
        book = load_workbook(io.BytesIO(response.content))
        assert book.sheetnames == ["数据", "说明"]
        assert book["数据"]["A1"].value == "站点编码"
    else:
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        assert text.startswith("站点编码")


def test_the_wide_template_filled_with_a_lab_report_imports(personas, sites: dict, labs: dict, tmp_path: Path) -> None:
    response = client_for(personas.bureau).get(reverse("monitoring:result_import") + "?template=wide.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig").replace("DL-DW-02", "DL-SE-03")
    report = import_file(long_file(tmp_path, text, name="wide.csv"))
    assert report.ok, report.errors
    assert report.results == 6 and report.censored == 4  # ND, <0.02, ND, 0.02L


def test_site_page_series_and_export(personas, sites: dict, labs: dict, tmp_path: Path) -> None:
    import_file(long_file(tmp_path))
    client = client_for(personas.bureau)
    site = sites["DL-DW-01"]
    page = client.get(site.get_absolute_url())
    assert page.status_code == 200
    rows = {row["substance"].cas: row for row in page.context["rows"]}
    assert rows["1763-23-1"]["summary"]["n"] == 2
    assert rows["335-67-1"]["summary"]["detection_frequency"] == 0.0
    assert "Kaplan–Meier" in page.content.decode() or "Kaplan-Meier" in page.content.decode()
    pfos = Substance.objects.get(cas="335-67-1")
    series = client.get(reverse("monitoring:site_series", args=[site.pk]) + f"?substance={pfos.pk}&matrix=water").json()
    assert series["detected"] == [] and len(series["censored"]) == 1 and series["censored"][0][1] == 0.1
    export = client.get(site.get_absolute_url() + "?export=csv")
    assert "全氟辛基磺酸" in b"".join(export.streaming_content).decode("utf-8-sig")


def test_map_data_and_substance_tab(personas, sites: dict, labs: dict, tmp_path: Path) -> None:
    import_file(long_file(tmp_path))
    client = client_for(personas.bureau)
    pfos = Substance.objects.get(cas="1763-23-1")
    data = client.get(reverse("monitoring:map_data") + f"?substance={pfos.pk}&statistic=detection_frequency").json()
    by_code = {s["code"]: s for s in data["sites"]}
    assert by_code["DL-DW-01"]["value"] == 1.0 and by_code["DL-SE-03"]["value"] is None
    assert data["method"]
    assert client.get(reverse("monitoring:map_data") + "?statistic=nonsense").status_code == 400
    tab = client.get(reverse("monitoring:substance_monitoring", args=[pfos.pk]))
    blocks = tab.context["data"]["blocks"]
    assert {b["matrix"] for b in blocks} == {"water", "sediment"}
    water = next(b for b in blocks if b["matrix"] == "water")
    assert water["overall"]["n"] == 2 and water["unit"] == "ng/L"
    filtered = client.get(
        reverse("monitoring:substance_monitoring", args=[pfos.pk]) + "?start=2025-09-01&kind=sediment"
    )
    assert [b["matrix"] for b in filtered.context["data"]["blocks"]] == ["sediment"]


def test_a_district_sees_only_its_own_sites(personas, sites: dict, labs: dict, tmp_path: Path) -> None:
    import_file(long_file(tmp_path))
    client = client_for(personas.district)  # Ganjingzi: DL-SE-03 and DL-SD-01, not Zhuanghe's DL-DW-01
    listed = {s.code for s in client.get(reverse("monitoring:site_list")).context["table"].data}
    assert listed == {"DL-SE-03", "DL-SD-01"}
    assert client.get(sites["DL-DW-01"].get_absolute_url()).status_code == 404
    results = client.get(reverse("api:monitoring-result-list")).json()["results"]
    assert {r["site_code"] for r in results} == {"DL-SE-03", "DL-SD-01"}


def test_api_results_are_filterable_and_paged_by_cursor(personas, sites: dict, labs: dict, tmp_path: Path) -> None:
    import_file(long_file(tmp_path))
    client = client_for(personas.department)
    first = client.get(reverse("api:monitoring-result-list") + "?page_size=3").json()
    assert len(first["results"]) == 3 and first["next"]
    second = client.get(first["next"]).json()
    assert not {r["id"] for r in first["results"]} & {r["id"] for r in second["results"]}
    censored = client.get(reverse("api:monitoring-result-list") + "?qualifier=lt_lod").json()["results"]
    assert {r["value_reported"] for r in censored} == {"ND", "0.2L"}
    assert all(r["censored"] and r["canonical_unit"] == "ng/L" for r in censored)
    pfos = Substance.objects.get(cas="1763-23-1")
    stats = client.get(reverse("api:monitoring-statistics") + f"?substance={pfos.pk}&group=site").json()
    assert [s["n"] for s in stats] == [2]
    assert stats[0]["methods"]
    bad = client.get(reverse("api:monitoring-statistics") + "?substance=x&matrix=lava&group=site",
                     HTTP_ACCEPT_LANGUAGE="zh-hans")  # fmt: skip
    assert bad.status_code == 400 and set(bad.json()) == {"substance", "matrix"}  # the group is fine
    assert "water" in bad.json()["matrix"] and "物质" in bad.json()["substance"]  # localised, naming the choices


def test_api_sites_are_written_by_the_bureau_only(personas, org) -> None:
    from npgov.core.models import District

    ganjingzi = District.objects.get(code="210211").pk
    payload = {"code": "DL-RV-09", "name": "新河断面", "kind": "river", "district": ganjingzi, "latitude": 39.0,
               "longitude": 121.6}  # fmt: skip
    assert client_for(personas.district).post(reverse("api:monitoring-site-list"), payload).status_code == 403
    created = client_for(personas.bureau).post(reverse("api:monitoring-site-list"), payload)
    assert created.status_code == 201
    outside = client_for(personas.bureau).post(reverse("api:monitoring-site-list"), {**payload, "code": "X",
                                                                                     "latitude": 0.5})  # fmt: skip
    assert outside.status_code == 400 and "latitude" in outside.json().get("errors", outside.json())


def test_the_command_imports_and_fails_on_errors(sites: dict, labs: dict, tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("monitoring", "import", str(long_file(tmp_path)), "--json", stdout=out)
    assert json.loads(out.getvalue())["results"] == 7
    with pytest.raises(SystemExit) as caught:
        call_command("monitoring", "import", str(long_file(tmp_path, LONG.replace("DL-DW-01", "DL-NO", 1),
                                                           name="bad.csv")), stdout=io.StringIO(),
                     stderr=io.StringIO())  # fmt: skip
    assert caught.value.code == 1
    assert Result.objects.count() == 7


def test_drinking_water_coverage_kpi(sites: dict, labs: dict, tmp_path: Path) -> None:
    plan = Plan.objects.get(key="dalian-2023")
    city = plan.city
    assert drinking_water_coverage(plan, city, date(2025, 12, 31)) == 0.0
    import_file(long_file(tmp_path))
    assert drinking_water_coverage(plan, city, date(2025, 12, 31)) == 100.0
    assert drinking_water_coverage(plan, city, date(2027, 12, 31)) == 0.0  # nothing in the year to then
    Site.objects.filter(kind="drinking_water").update(active=False)
    assert drinking_water_coverage(plan, city, date(2025, 12, 31)) is None


def test_upload_names_with_reserved_characters_and_bad_tokens(personas) -> None:
    client = client_for(personas.bureau)
    location = upload(client, LONG, name="2025#1季度&.csv")
    page = client.get(location)
    assert page.status_code == 200 and page.context["filename"] == "2025#1季度&.csv"
    for token in ("../x.csv", "a" * 64 + ".csv"):
        response = client.get(reverse("monitoring:result_mapping") + f"?upload={token}&name=x.csv")
        assert response.status_code == 302
    # a NUL is refused before any view (core.middleware.RejectNulMiddleware)
    assert client.get(reverse("monitoring:result_mapping") + "?upload=%00&name=x.csv").status_code == 400


def test_the_map_keeps_matrices_apart(personas, sites: dict, labs: dict, tmp_path: Path) -> None:
    import_file(long_file(tmp_path))
    pfos = Substance.objects.get(cas="1763-23-1")
    url = reverse("monitoring:map_data") + f"?substance={pfos.pk}&statistic=n"
    water = {s["code"]: s["value"] for s in client_for(personas.bureau).get(url).json()["sites"]}
    sediment = {
        s["code"]: s["value"] for s in client_for(personas.bureau).get(url + "&matrix=sediment").json()["sites"]
    }
    assert water["DL-SD-01"] is None and sediment["DL-SD-01"] == 1 and sediment["DL-DW-01"] is None
    assert client_for(personas.bureau).get(url + "&matrix=lava").status_code == 400

"""Issue #16: sites imported by codes (not internal ids), exports in Beijing time, and a site named like
markup stored as text and shown as text on its page, the map and in its data."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from npgov.core.importers import IMPORT_SPECS, import_run
from npgov.core.models import District
from npgov.monitoring.models import Site
from tests.conftest import client_for
from tests.monitoring.conftest import import_file, long_file
from tests.monitoring.factories import SiteFactory

pytestmark = pytest.mark.django_db
STATIC = Path(__file__).resolve().parents[2] / "src" / "npgov" / "static" / "npgov"
SCRIPT = "<img src=x onerror=alert(1)>"


# --- the site import takes codes ------------------------------------------------------------------
def test_the_site_import_takes_the_district_code(org, personas) -> None:
    spec = IMPORT_SPECS["monitoring-sites"]
    text = ("code,name,kind,district,latitude,longitude,water_body\n"
            "DL-RV-21,登沙河入海口,river,210283,39.60,122.40,登沙河\n"
            "DL-RV-22,无此区,river,999999,39.60,122.40,\n")  # fmt: skip
    report = import_run(spec=spec, data=text.encode(), filename="sites.csv", user=personas.bureau)
    assert [e.row for e in report.errors] == [3], report.errors
    assert "No district has this code" in report.errors[0].message
    good = "code,name,kind,district,latitude,longitude\nDL-RV-21,登沙河入海口,river,210283,39.60,122.40\n"
    report = import_run(spec=spec, data=good.encode(), filename="sites2.csv", user=personas.bureau)
    assert report.ok, report.errors
    assert Site.objects.get(code="DL-RV-21").district == District.objects.get(code="210283")


def test_the_site_import_template_shows_codes(org) -> None:
    spec = IMPORT_SPECS["monitoring-sites"]
    assert spec.example["district"] == "210283"
    help_of = {column.key: str(column.help) for column in spec.columns()}
    assert "210283" in help_of["district"]


# --- exports in Beijing time ----------------------------------------------------------------------
def test_the_results_export_writes_beijing_time_and_says_so(tmp_path: Path, personas, sites: dict, labs: dict):
    text = ("站点编码,采样时间,物质,测定值,单位,检出限,定量限,实验室\n"
            "DL-DW-01,2025-06-18 07:30,1763-23-1,1.5,ng/L,0.1,0.3,市监测中心\n")  # fmt: skip
    assert import_file(long_file(tmp_path, text)).ok
    response = client_for(personas.bureau).get(reverse("monitoring:result_list") + "?export=csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    title = next(t for t in rows[0] if "sampled" in t.lower() or "采样" in t)
    assert "UTC+8" in title
    when = rows[1][rows[0].index(title)]
    assert when.startswith("2025-06-18 07:30"), when  # not 2025-06-17 23:30 (UTC)


# --- markup in a site's name is text everywhere ------------------------------------------------
def test_a_site_named_like_markup_is_stored_and_shown_as_text(personas, org) -> None:
    client = client_for(personas.bureau)
    response = client.post(reverse("monitoring:site_add"), {
        "code": "XSS-01", "name": SCRIPT, "kind": "river", "district": District.objects.get(code="210211").pk,
        "latitude": "38.99", "longitude": "121.61", "water_body": SCRIPT, "active": "on",
    })  # fmt: skip
    assert response.status_code == 302, response.content[:500]
    site = Site.objects.get(code="XSS-01")
    assert site.name == SCRIPT  # stored exactly as typed
    for url in (site.get_absolute_url(), reverse("monitoring:site_list"), reverse("monitoring:map")):
        page = client.get(url).content.decode()
        assert SCRIPT not in page, url
    assert "&lt;img src=x onerror=alert(1)&gt;" in client.get(site.get_absolute_url()).content.decode()
    data = client.get(reverse("monitoring:map_data"))
    assert data["Content-Type"].startswith("application/json")
    assert data.get("X-Content-Type-Options") == "nosniff"
    assert any(s["name"] == SCRIPT for s in data.json()["sites"])  # data, for the script to set as text


def test_the_monitoring_scripts_set_data_as_text_only() -> None:
    """The map and site scripts never hand data to an HTML parser (innerHTML, insertAdjacentHTML, a popup or
    tooltip given a string)."""
    for path in [STATIC / "maps.js", *sorted((STATIC / "pages").glob("monitoring-*.js"))]:
        source = path.read_text()
        assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write", source), path.name
        for call in re.findall(r"\.(?:bindPopup|bindTooltip|setContent)\(([^)]*)\)", source):
            assert not call.strip().startswith(("\"", "'", "`")) and "+" not in call, (path.name, call)


def test_sampled_times_of_a_site_page_are_local(personas, sites: dict) -> None:
    """The pages show Beijing time (the reference the export must match)."""
    from npgov.monitoring.models import Result, Sample
    from tests.substances.factories import SubstanceFactory

    site = SiteFactory(code="TZ-01")
    moment = datetime(2025, 6, 17, 23, 30, tzinfo=UTC)  # 07:30 on the 18th in Beijing
    sample = Sample.objects.create(site=site, sampled_at=moment, matrix="water")
    Result.objects.create(sample=sample, site=site, sampled_at=moment, matrix="water",
                          substance=SubstanceFactory(), value_reported="1", unit_reported="ng/L",
                          qualifier="detected", value=1.0)  # fmt: skip
    page = client_for(personas.bureau).get(reverse("monitoring:result_list") + f"?site={site.pk}").content.decode()
    assert "2025-06-18 07:30" in page


def test_the_upload_refuses_a_file_that_is_not_a_table(personas) -> None:
    response = client_for(personas.bureau).post(
        reverse("monitoring:result_import"), {"file": SimpleUploadedFile("a.pdf", b"x")}
    )
    assert response.status_code == 400

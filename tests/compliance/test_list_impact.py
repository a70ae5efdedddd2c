"""List-change impact (issue 18): a revised key-controlled list — one added group entry, one changed deadline —
and exactly the enterprises, lines and would-open findings it touches."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from npgov.compliance.impact import list_change_impact
from npgov.core.models import District
from npgov.enterprises.models import Enterprise
from npgov.regulations.services.diff import list_diff
from npgov.regulations.services.loading import DATA_DIR
from npgov.science import listdiff
from npgov.substances.models import Substance
from npgov.surveys.models import Campaign
from npgov.surveys.services.workflow import line_save, submission_start
from tests.compliance.test_findings import accepted_report
from tests.conftest import Personas
from tests.enforcement.factories import ProductResultFactory, ProductSampleFactory, TradeCheckFactory
from tests.enterprises.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

TOLUENE, PFOS, DCM = "108-88-3", "1763-23-1", "75-09-2"
FOAM = "用于生产灭火泡沫药剂"
TODAY = date(2026, 12, 2)


def revised_list(tmp_path: Path) -> Path:
    """CN-KCNP-2023 as shipped, with a new group entry 15 (toluene, processing banned from 2027) and the PFOS
    fire-foam exemption extended from 2023-12-31 to 2027-12-31."""
    data = yaml.safe_load((DATA_DIR / "CN-KCNP-2023.yaml").read_text(encoding="utf-8"))
    pfos = next(e for e in data["entries"] if str(e["item"]) == "1")
    use = next(m for m in pfos["measures"] if m["kind"] == "ban_processing_use")
    use["exempt_uses"][0]["until"] = date(2027, 12, 31)
    data["entries"].append({
        "item": "15", "name_zh": "甲苯类（测试用）", "kind": "group",
        "members": [{"cas": TOLUENE, "name_zh": "甲苯", "verified": True, "source": "test"}],
        "measures": [{"kind": "ban_processing_use", "clause": "1", "text_zh": "禁止加工使用。",
                      "activities": ["processing_use"], "effective": date(2027, 1, 1), "verified": True,
                      "source": "test"}],
        "verified": True, "source": "test",
    })  # fmt: skip
    path = tmp_path / "CN-KCNP-2023.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def companies(personas: Personas) -> dict[str, Enterprise]:
    admin, district = personas.sysadmin, District.objects.get(code="210211")
    made = {key: EnterpriseFactory(name=f"企业{key}", district=district) for key in "ABCDEFG"}
    accepted_report(made["A"], admin, 2025, TOLUENE, "processing_use", "")
    accepted_report(made["B"], admin, 2025, PFOS, "processing_use", FOAM)
    accepted_report(made["C"], admin, 2025, PFOS, "processing_use", "用于金属电镀")  # not a listed use
    accepted_report(made["E"], admin, 2025, DCM, "processing_use", "")
    # F imported toluene this year (a customs check); G's product tested positive for PFOS this year
    this_year = date(timezone.localdate().year, 1, 15)
    toluene, pfos = (Substance.objects.get(cas=cas) for cas in (TOLUENE, PFOS))
    TradeCheckFactory(enterprise=made["F"], substance=toluene, direction="import", checked_on=this_year)
    ProductResultFactory(sample=ProductSampleFactory(producer=made["G"], sampled_on=this_year), substance=pfos)
    # D reports toluene in a draft only: not accepted, not affected
    campaign = Campaign.objects.get(year=2025, city__code="210200")
    draft = submission_start(campaign=campaign, enterprise=made["D"], user=admin)
    releases = dict.fromkeys(("release_air_kg", "release_water_kg", "release_soil_kg", "transfer_kg"), 0)
    details = {"process": "间歇", "disposal": "委托", "control_measures": "密闭"}
    line_save(submission=draft, user=admin, identifier=TOLUENE, activity="processing_use", quantity_t=1,
              uses="试验", releases=releases, details=details)  # fmt: skip
    return made


def _load(path: Path) -> str:
    out = io.StringIO()
    call_command("regulations", "load", str(path), stdout=out)
    return out.getvalue()


def test_the_diff_names_the_added_entry_and_the_changed_deadline(tmp_path: Path, org: None) -> None:
    assert "CN-KCNP-2023: revision 2 new revision" in _load(revised_list(tmp_path))
    found = list_diff(code="CN-KCNP-2023")
    assert (found.old.revision, found.new.revision) == (1, 2)
    assert found.counts == {"added": 1, "removed": 0, "changed": 1}
    added, changed = (next(c for c in found.changes if c.status == s) for s in ("added", "changed"))
    assert (added.item, added.members_added, [m.kind for m in added.measures]) == (
        "15", frozenset({TOLUENE}), ["ban_processing_use"])  # fmt: skip
    assert changed.item == "1" and changed.fields == () and not changed.scope_changed
    [measure] = changed.measures
    assert (measure.status, measure.kind, [f.field for f in measure.fields]) == (
        "changed", "ban_processing_use", ["exempt_uses"])  # fmt: skip
    assert "2023-12-31" in measure.fields[0].old[0] and "2027-12-31" in measure.fields[0].new[0]


def test_the_impact_is_exactly_the_enterprises_under_the_new_or_changed_entries(
    tmp_path: Path, companies: dict[str, Enterprise]
) -> None:
    _load(revised_list(tmp_path))
    impact = list_change_impact(list_diff(code="CN-KCNP-2023"), today=TODAY)
    got = {
        a.enterprise.name: [(line.substance.cas, line.entry_item, line.change,
                             [(w.rule, w.severity, w.on) for w in line.would_open]) for line in a.lines]
        for a in impact.enterprises
    }  # fmt: skip
    assert got == {
        # toluene processing, banned from 2027-01-01 by the new entry: a ban finding would open that day
        "企业A": [(TOLUENE, "15", listdiff.ADDED, [("ban", "high", date(2027, 1, 1))])],
        # PFOS for fire foam: the extended exemption closes the expired-exemption breach, nothing new opens
        "企业B": [(PFOS, "1", listdiff.CHANGED, [])],
        # PFOS for a use the list does not exempt: banned before and after; affected, nothing new opens
        "企业C": [(PFOS, "1", listdiff.CHANGED, [])],
        # importing toluene: under the new entry, which bans processing only, so nothing opens
        "企业F": [(TOLUENE, "15", listdiff.ADDED, [])],
        # a product containing PFOS: under the changed entry; product limits are checked when a sample is recorded
        "企业G": [(PFOS, "1", listdiff.CHANGED, [])],
    }
    with translation.override("en"):
        impact = list_change_impact(list_diff(code="CN-KCNP-2023"), today=TODAY)
    sources = {a.enterprise.name: {line.source for line in a.lines} for a in impact.enterprises}
    assert [sources[name] for name in ("企业A", "企业F", "企业G")] == [
        {"survey report"}, {"import or export check"}, {"product sample"}]  # fmt: skip
    assert impact.findings == 1


def test_the_command_prints_the_diff_and_its_impact_as_json(tmp_path: Path, companies: dict[str, Enterprise]) -> None:
    _load(revised_list(tmp_path))
    out = io.StringIO()
    call_command("regulations", "diff", "CN-KCNP-2023", "--json", stdout=out)
    data: dict[str, Any] = json.loads(out.getvalue())
    assert (data["from"], data["to"], data["counts"]) == (1, 2, {"added": 1, "removed": 0, "changed": 1})
    assert sorted(e["name"] for e in data["impact"]["enterprises"]) == ["企业A", "企业B", "企业C", "企业F", "企业G"]
    assert data["impact"]["findings"] == 1
    text = io.StringIO()
    call_command("regulations", "diff", "CN-KCNP-2023", "--from", "1", "--to", "2", stdout=text)
    assert "revision 1 → 2" in text.getvalue() and "affected enterprises: 5" in text.getvalue()
    with pytest.raises(CommandError, match="no revision 7"):
        call_command("regulations", "diff", "CN-KCNP-2023", "--to", "7")
    with pytest.raises(CommandError, match="no list"):
        call_command("regulations", "diff", "NO-SUCH-LIST")


def test_the_page_shows_the_change_exports_it_and_tells_those_affected_once(
    tmp_path: Path, companies: dict[str, Enterprise], personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    from django.urls import reverse

    from npgov.notifications.models import Notification
    from tests.conftest import client_for

    _load(revised_list(tmp_path))
    companies["A"].users.add(personas.enterprise)
    url = reverse("compliance:list_change", args=["CN-KCNP-2023"])
    page = client_for(personas.bureau).get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "企业A" in html and "企业B" in html and "企业D" not in html and "企业E" not in html
    assert "甲苯类（测试用）" in html and "ban_processing_use" not in html and "exempt_uses" not in html
    export = client_for(personas.bureau).get(url + "?export=xlsx")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")
    # the district reviewer sees the page (own district's enterprises) but cannot send
    district = client_for(personas.district)
    assert district.get(url).status_code == 200
    assert district.post(url).status_code == 403
    assert client_for(personas.enterprise).get(url).status_code == 403
    client = client_for(personas.bureau)
    for _round in range(2):  # told once, however often the bureau presses
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(url).status_code == 302
    told = Notification.objects.filter(kind="list_changed")
    assert list(told.filter(recipient=personas.enterprise).values_list("due", flat=True)) == [date(2027, 1, 1)]
    assert told.filter(recipient=personas.district).count() == 1
    bad = client.get(url + "?to=9")
    assert bad.status_code == 302
    assert client.get(reverse("compliance:list_change", args=["NO-SUCH"])).status_code == 404
    assert client.get(reverse("compliance:list_changes")).status_code == 200


def test_a_new_revision_tells_those_affected_by_itself_once(
    tmp_path: Path, companies: dict[str, Enterprise], personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    """Loading the revised list (as `npgov regulations load` or a priority-list publication does) starts a job that
    tells the affected enterprises' users and their districts; loading it again changes nothing."""
    from npgov.core.models import Job
    from npgov.notifications.models import Notification

    companies["A"].users.add(personas.enterprise)
    with django_capture_on_commit_callbacks(execute=True):
        _load(revised_list(tmp_path))
    job = Job.objects.get(task="compliance.list_change_notify")
    assert job.status == "succeeded" and job.result == {"enterprises": 5, "findings": 1}
    told = Notification.objects.filter(kind="list_changed")
    assert told.filter(recipient=personas.enterprise).count() == 1
    assert told.filter(recipient=personas.district).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert "unchanged" in _load(revised_list(tmp_path))
    assert Job.objects.filter(task="compliance.list_change_notify").count() == 1

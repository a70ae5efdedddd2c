"""Draws (published, reproducible), inspections with checklists closing findings, cases; obligation lists."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from npgov.compliance import services as compliance
from npgov.compliance.models import Finding
from npgov.core.models import District
from npgov.enforcement.inspections import services
from npgov.enforcement.models import InspectionDraw, InspectionTask, Inspector
from npgov.enterprises.models import Enterprise
from tests.compliance.test_findings import accepted_report
from tests.conftest import Personas, client_for
from tests.enforcement.factories import InspectorFactory
from tests.enterprises.factories import PermitFactory
from tests.surveys.test_workflow import enterprise  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool(org: None) -> list[Inspector]:
    """Six inspectors of the ecology bureau, two in each of three districts."""
    districts = list(District.objects.filter(code__in=["210211", "210213", "210283"]))
    return [InspectorFactory(district=districts[i % 3]) for i in range(6)]


@pytest.fixture
def reported(personas: Personas, enterprise: Enterprise) -> Enterprise:  # noqa: F811
    accepted_report(enterprise, personas.sysadmin, 2024, "1763-23-1", "processing_use", "用于生产灭火泡沫药剂")
    compliance.compliance_run()
    return enterprise


def request(**kwargs: object) -> services.DrawRequest:
    args = {"title": "抽查", "count": 1, "inspectors_per_task": 2, "due_date": date(2026, 12, 31), **kwargs}
    return services.DrawRequest(**args)  # type: ignore[arg-type]


def test_obligation_lists_say_why(personas: Personas, reported: Enterprise) -> None:
    PermitFactory(enterprise=reported)
    page = client_for(personas.bureau).get(reverse("compliance:obligations") + "?list=key_discharge")
    entries = page.context["entries"]
    assert [e.enterprise for e in entries] == [reported]
    assert entries[0].evidence[0].substance.cas == "1763-23-1"
    with translation.override("en"):
        assert "key controlled new pollutants list" in str(page.context["current"].rule)
    permit = client_for(personas.bureau).get(reverse("compliance:obligations") + "?list=permit")
    assert permit.context["entries"][0].compliant is False  # the permit does not state the controls yet
    export = client_for(personas.bureau).get(reverse("compliance:obligations") + "?list=cleaner_production&export=csv")
    assert reported.name in b"".join(export.streaming_content).decode("utf-8-sig")
    assert client_for(personas.enterprise).get(reverse("compliance:obligations")).status_code == 403


def test_a_draw_is_published_and_reproducible(personas: Personas, reported: Enterprise, pool: list) -> None:
    draw = services.draw_create(request=request(seed="公开种子-2026", obligations=("key_discharge",)),
                                user=personas.bureau)  # fmt: skip
    assert draw.population == [reported.pk] and draw.seed == "公开种子-2026"
    task = draw.tasks.get()
    assert task.enterprise == reported and task.inspectors.count() == 2
    keys = [item["key"] for item in task.checklist]
    assert "obligation:key_discharge" in keys and any(k.startswith("finding:") for k in keys)
    assert all(i.district_id != reported.district_id for i in task.inspectors.all())  # not their own district
    assert services.draw_reproduce(draw)
    # officers move and enterprises are renamed later: the draw is recomputed from its own snapshot
    Inspector.objects.update(district=reported.district, conflicts=reported.name)
    Enterprise.objects.filter(pk=reported.pk).update(name="改名后的企业")
    assert services.draw_reproduce(draw)
    InspectionDraw.objects.filter(pk=draw.pk).update(selection=[{"enterprise": 0, "inspectors": [], "shortfall": True}])
    draw.refresh_from_db()
    assert not services.draw_reproduce(draw)
    # the public sees a draw only once published, and its seed only once its results are public
    assert client_for(None).get(reverse("enforcement:public_draw", args=[draw.pk])).status_code == 404
    services.draw_publish(draw=draw, user=personas.bureau)
    announced = client_for(None).get(reverse("enforcement:public_draw", args=[draw.pk]) + "?reproduce=1")
    assert announced.status_code == 200 and "公开种子-2026" not in announced.content.decode()
    draw.refresh_from_db()
    draw.due_date = timezone.localdate() - timedelta(days=1)
    draw.save()  # (a due date that passes by itself shows within the public pages' cache time)
    public = client_for(None).get(reverse("enforcement:public_draw", args=[draw.pk]) + "?reproduce=1")
    assert (
        public.status_code == 200
        and "公开种子-2026" in public.content.decode()
        and public.context["reproduced"] is False
    )


def test_only_the_bureau_draws_and_empty_populations_are_refused(personas: Personas, pool: list, org: None) -> None:
    with pytest.raises(PermissionDenied):
        services.draw_create(request=request(), user=personas.district)
    with pytest.raises(ValidationError):
        services.draw_create(request=request(obligations=("permit",)), user=personas.bureau)


def test_an_inspection_closes_a_verified_finding_and_can_open_a_case(
    personas: Personas, reported: Enterprise, pool: list
) -> None:
    draw = services.draw_create(request=request(obligations=("key_discharge",)), user=personas.bureau)
    task = draw.tasks.get()
    finding = Finding.objects.get(enterprise=reported, rule="exemption_expired")
    client = client_for(personas.district)  # Ganjingzi: the enterprise's district
    response = client.post(task.get_absolute_url(), {
        "inspected_on": timezone.localdate().isoformat(), "observations": "现场已停止使用全氟辛基磺酸，库存已委托处置",
        "verified": [finding.pk], **{f"answer:{item['key']}": "ok" for item in task.checklist},
    })  # fmt: skip
    assert response.status_code == 302
    task.refresh_from_db()
    finding.refresh_from_db()
    assert task.status == "done" and task.record.outcome == "compliant"
    assert finding.status == "closed" and finding.closed_by == personas.district
    again = client.post(task.get_absolute_url(), {"inspected_on": "2026-01-01", "observations": "x"})
    assert again.status_code == 403  # recorded once
    case = client_for(personas.bureau).post(reverse("enforcement:case_add"), {
        "number": "大环罚〔2026〕1号", "enterprise": reported.pk, "facts": "过期豁免继续使用", "status": "open",
    })  # fmt: skip
    assert case.status_code == 302


def test_inspection_input_is_checked(personas: Personas, reported: Enterprise, pool: list) -> None:
    draw = services.draw_create(request=request(obligations=("key_discharge",)), user=personas.bureau)
    task = draw.tasks.get()
    with pytest.raises(ValidationError):
        services.inspection_record(task=task, user=personas.bureau, inspected_on=timezone.localdate() + timedelta(1),
                                   observations="x", answers={}, verified_findings=[])  # fmt: skip
    with pytest.raises(ValidationError):
        services.inspection_record(task=task, user=personas.bureau, inspected_on=timezone.localdate(),
                                   observations="x", answers={"unknown": "ok"}, verified_findings=[])  # fmt: skip
    assert InspectionTask.objects.get(pk=task.pk).status == "assigned"


def test_a_decided_case_needs_its_decision(personas: Personas, reported: Enterprise) -> None:
    response = client_for(personas.bureau).post(reverse("enforcement:case_add"), {
        "number": "X-1", "enterprise": reported.pk, "facts": "事实", "status": "decided", "published": "on",
    })  # fmt: skip
    assert response.status_code == 200 and response.context["form"].errors

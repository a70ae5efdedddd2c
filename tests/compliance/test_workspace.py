"""Compliance's workspace widgets (findings, obligations) and its rectification deadline."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from npgov.compliance.choices import FindingStatus
from npgov.compliance.selectors import obligation_counts, obligation_lists
from npgov.compliance.workspace import finding_deadlines, next_disclosure_due
from npgov.core.models import District, User
from npgov.core.registry import WorkList, registry
from npgov.enterprises.models import Enterprise
from npgov.substances.models import Substance
from tests.compliance.factories import FindingFactory
from tests.conftest import Personas, client_for
from tests.core.factories import UserFactory
from tests.enterprises.factories import EnterpriseFactory, PermitFactory
from tests.surveys.factories import CampaignFactory, SubmissionFactory, SubmissionLineFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 5, 20)


def work(key: str, user: User, today: date = TODAY) -> WorkList:
    widget = next(w for w in registry.widgets if w.key == key)
    result = widget.items(User.objects.get(pk=user.pk), today)
    assert result is not None
    return result


def queries(call: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def assert_every_link_opens(user: User, result: WorkList) -> None:
    client = client_for(user)
    for item in result.items:
        assert client.get(item.url).status_code == 200, item.url
    if result.more_url:
        assert client.get(result.more_url).status_code == 200


@pytest.fixture
def company(personas: Personas) -> Enterprise:
    enterprise = EnterpriseFactory(name="甘井子示例化工", district=District.objects.get(code="210211"))
    enterprise.users.add(personas.enterprise)
    return enterprise


def key_controlled_report(enterprise: Enterprise) -> None:
    """An accepted report using dichloromethane, a key controlled new pollutant (tiers as the survey sets them)."""
    submission = SubmissionFactory(campaign=CampaignFactory(), enterprise=enterprise, status="accepted")
    SubmissionLineFactory(
        submission=submission, substance=Substance.objects.get(cas="75-09-2"), tiers=["key", "detailed", "basic"]
    )


def test_an_enterprise_sees_its_open_findings_overdue_first_with_labels(
    personas: Personas, company: Enterprise
) -> None:
    later = FindingFactory(enterprise=company, due_date=TODAY + timedelta(days=20))
    late = FindingFactory(enterprise=company, due_date=TODAY - timedelta(days=2), severity="medium")
    FindingFactory(enterprise=company, status="closed", due_date=TODAY - timedelta(days=40))
    FindingFactory(due_date=TODAY - timedelta(days=9))  # another enterprise's
    result = work("compliance.my_findings", personas.enterprise)
    assert [i.url for i in result.items] == [late.get_absolute_url(), later.get_absolute_url()]
    assert result.items[0].overdue(TODAY) and not result.items[1].overdue(TODAY)
    assert result.items[0].status == FindingStatus.OPEN.label
    assert "medium" not in result.items[0].title and str(late.get_severity_display()) in result.items[0].title
    assert_every_link_opens(personas.enterprise, result)


def test_a_submitted_rectification_is_not_overdue_for_the_enterprise(personas: Personas, company: Enterprise) -> None:
    FindingFactory(enterprise=company, status="rectification_submitted", due_date=TODAY - timedelta(days=1))
    [item] = work("compliance.my_findings", personas.enterprise).items
    assert item.status == FindingStatus.RECTIFICATION_SUBMITTED.label and not item.overdue(TODAY)


def test_district_and_bureau_findings(personas: Personas, company: Enterprise) -> None:
    mine = FindingFactory(enterprise=company, due_date=TODAY - timedelta(days=1))
    elsewhere = FindingFactory(
        enterprise=EnterpriseFactory(district=District.objects.get(code="210283")), due_date=TODAY - timedelta(days=5)
    )
    FindingFactory(enterprise=company, due_date=TODAY + timedelta(days=5))
    district = work("compliance.district_findings", personas.district)
    assert district.total == 2 and district.items[0].url == mine.get_absolute_url()
    assert company.name in district.items[0].title
    bureau = work("compliance.overdue_findings", personas.bureau)
    assert [i.url for i in bureau.items] == [elsewhere.get_absolute_url(), mine.get_absolute_url()]
    assert bureau.more_url is not None and "overdue=true" in bureau.more_url
    assert_every_link_opens(personas.district, district)
    assert_every_link_opens(personas.bureau, bureau)


def test_finding_widgets_cost_the_same_queries_with_more_data(personas: Personas, company: Enterprise) -> None:
    FindingFactory(enterprise=company, due_date=TODAY - timedelta(days=1))
    keys = [("compliance.my_findings", personas.enterprise), ("compliance.district_findings", personas.district),
            ("compliance.overdue_findings", personas.bureau)]  # fmt: skip
    few = [queries(lambda k=k, u=u: work(k, u)) for k, u in keys]
    for n in range(12):
        FindingFactory(enterprise=company, due_date=TODAY - timedelta(days=n))
        FindingFactory(due_date=TODAY - timedelta(days=n))
    many = [queries(lambda k=k, u=u: work(k, u)) for k, u in keys]
    assert many == few and max(many) <= 6
    assert len(work("compliance.overdue_findings", personas.bureau).items) == 5


def test_an_enterprise_sees_its_obligations_with_the_disclosure_date(personas: Personas, company: Enterprise) -> None:
    key_controlled_report(company)
    PermitFactory(enterprise=company, states_new_pollutant_controls=False)
    result = work("compliance.my_obligations", personas.enterprise)
    titles = {i.title: i for i in result.items}
    assert len(titles) == 4  # key discharge, cleaner production, disclosure, permit
    disclosure = next(i for i in result.items if i.due is not None)
    year = company.submissions.get().campaign.year  # the disclosure of survey year Y is due on 15 March of Y + 1
    assert disclosure.due == date(year + 1, 3, 15)
    assert disclosure.url == reverse("portal:disclosure_edit", args=[company.pk, year])  # where it is prepared
    assert all(i.url == company.get_absolute_url() for i in result.items if i is not disclosure)
    assert any("二氯甲烷" in i.note for i in result.items)
    assert_every_link_opens(personas.enterprise, result)


def test_the_disclosure_is_due_each_15_march() -> None:
    assert next_disclosure_due(date(2026, 3, 15)) == date(2026, 3, 15)
    assert next_disclosure_due(date(2026, 3, 16)) == date(2027, 3, 15)
    assert next_disclosure_due(date(2026, 1, 2)) == date(2026, 3, 15)


def test_district_obligations_count_enterprises_per_list(personas: Personas, company: Enterprise) -> None:
    key_controlled_report(company)
    PermitFactory(enterprise=company, states_new_pollutant_controls=False)
    key_controlled_report(EnterpriseFactory(district=District.objects.get(code="210283")))  # not the district's
    result = work("compliance.district_obligations", personas.district)
    assert len(result.items) == 4
    permit = next(i for i in result.items if "list=permit" in i.url)
    assert permit.note  # one permit does not state the controls
    assert_every_link_opens(personas.district, result)
    few = queries(lambda: work("compliance.district_obligations", personas.district))
    for _n in range(6):
        key_controlled_report(EnterpriseFactory())
    assert queries(lambda: work("compliance.district_obligations", personas.district)) == few <= 6


def test_obligations_of_an_enterprise_cost_the_same_queries_with_more_data(
    personas: Personas, company: Enterprise
) -> None:
    key_controlled_report(company)
    few = queries(lambda: work("compliance.my_obligations", personas.enterprise))
    for _n in range(4):
        PermitFactory(enterprise=company)
    assert queries(lambda: work("compliance.my_obligations", personas.enterprise)) == few <= 6


def test_the_deadline_reminds_the_enterprise_and_its_district(personas: Personas, company: Enterprise) -> None:
    soon = FindingFactory(enterprise=company, due_date=TODAY + timedelta(days=3))
    submitted = FindingFactory(enterprise=company, status="rectification_submitted", due_date=TODAY)
    late = FindingFactory(enterprise=company, due_date=TODAY - timedelta(days=10))
    FindingFactory(enterprise=company, due_date=TODAY + timedelta(days=30))  # beyond the horizon
    FindingFactory(enterprise=company, status="closed", due_date=TODAY)
    zhuanghe = UserFactory(role="district", district=District.objects.get(code="210283"))
    deadlines = {d.key: d for d in finding_deadlines(TODAY, TODAY + timedelta(days=7))}
    assert set(deadlines) == {f"compliance.finding:{f.pk}" for f in (soon, submitted, late)}
    both = tuple(sorted([personas.enterprise.pk, personas.district.pk]))
    assert deadlines[f"compliance.finding:{soon.pk}"].recipients == both
    assert deadlines[f"compliance.finding:{late.pk}"].kind == "finding_due"
    assert deadlines[f"compliance.finding:{submitted.pk}"].recipients == (personas.district.pk,)
    assert all(zhuanghe.pk not in d.recipients for d in deadlines.values())
    few = queries(lambda: list(finding_deadlines(TODAY, TODAY + timedelta(days=7))))
    for _n in range(8):
        FindingFactory(enterprise=EnterpriseFactory(), due_date=TODAY)
    assert queries(lambda: list(finding_deadlines(TODAY, TODAY + timedelta(days=7)))) == few <= 3


def test_obligation_counts_agree_with_the_lists() -> None:
    """The dashboard's counts (line tuples) and the obligation pages (line objects) apply the same rules."""
    dcm = Substance.objects.get(cas="75-09-2")
    older, newer = CampaignFactory(year=2024), CampaignFactory(year=2025)

    def report(enterprise: Enterprise, campaign: object, tiers: list[str], **line: object) -> None:
        submission = SubmissionFactory(campaign=campaign, enterprise=enterprise, status="accepted")
        SubmissionLineFactory(submission=submission, substance=dcm, tiers=tiers, **line)

    key_user, toxic_user, stored_only, moved_on, untiered = (EnterpriseFactory() for _n in range(5))
    report(key_user, newer, ["key", "detailed"])
    PermitFactory(enterprise=key_user, states_new_pollutant_controls=False)
    PermitFactory(enterprise=key_user, states_new_pollutant_controls=True)
    report(toxic_user, newer, ["convention"], activity="import", release_water_kg=2)
    report(stored_only, newer, ["key"], activity="import")  # neither used nor released: on no list
    report(moved_on, older, ["key"])
    report(moved_on, newer, ["basic"])  # the latest report decides
    report(untiered, newer, [])
    everyone = Enterprise.objects.all()
    lists = obligation_lists(enterprises=everyone)
    counts = obligation_counts(enterprises=everyone)
    assert {key: c.enterprises for key, c in counts.items()} == {key: len(e) for key, e in lists.items()}
    assert counts["key_discharge"].enterprises == 1 and counts["disclosure"].enterprises == 2
    assert counts["permit"].not_compliant == sum(1 for e in lists["permit"] if e.compliant is False) == 1

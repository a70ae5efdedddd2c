"""Disclosures against the obligation and the survey: the comparison, the review, obligation status, workspace."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from npgov.core.models import District, User
from npgov.core.registry import ObligationStatus, WorkList, registry
from npgov.enterprises.models import Enterprise
from npgov.portal.disclosures import demo, services
from npgov.portal.disclosures.models import Disclosure
from npgov.portal.disclosures.workspace import disclosure_deadlines
from npgov.science import disclosure as science
from npgov.substances.models import Substance
from tests.conftest import Personas, client_for
from tests.core.factories import UserFactory
from tests.enterprises.factories import EnterpriseFactory
from tests.portal.factories_disclosures import DisclosureFactory, DisclosureLineFactory
from tests.portal.test_disclosures import YEAR, accepted_report

pytestmark = pytest.mark.django_db

BEFORE_DUE = date(YEAR + 1, 3, 1)
AFTER_DUE = date(YEAR + 1, 3, 16)


@pytest.fixture
def company(personas: Personas) -> Enterprise:
    enterprise = EnterpriseFactory(name="甘井子示例化工", district=District.objects.get(code="210211"))
    enterprise.users.add(personas.enterprise)
    return enterprise


@pytest.fixture
def dcm() -> Substance:
    return Substance.objects.get(cas="75-09-2")


def work(key: str, user: User, today: date) -> WorkList:
    widget = next(w for w in registry.widgets if w.key == key)
    result = widget.items(User.objects.get(pk=user.pk), today)
    assert result is not None
    return result


def queries(call: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def publish(enterprise: Enterprise, substance: Substance, amount: str, *, kind: str = "emission") -> Disclosure:
    disclosure = DisclosureFactory(enterprise=enterprise, year=YEAR, published=True)
    DisclosureLineFactory(disclosure=disclosure, substance=substance, kind=kind, amount_t=Decimal(amount))
    return disclosure


# --- the comparison (science) -----------------------------------------------------------------------------------
def A(kind: str, substance: str, amount: str) -> science.Amount:  # noqa: N802
    return science.Amount(kind, substance, Decimal(amount))


def test_compare_finds_what_is_missing_extra_or_different_beyond_the_tolerance() -> None:
    survey = [A("raw_material", "dcm", "120"), A("emission", "dcm", "0.5"), A("emission", "tce", "0.2"),
              A("emission", "pce", "0.0005")]  # fmt: skip
    disclosed = [A("raw_material", "dcm", "110"), A("emission", "dcm", "0.3"), A("emission", "dcm", "0.25"),
                 A("emission", "benzene", "1")]  # fmt: skip
    found = {(d.kind, d.substance): d.problem for d in science.compare(survey, disclosed)}
    assert found == {
        ("emission", "tce"): science.NOT_DISCLOSED,
        ("emission", "benzene"): science.NOT_IN_SURVEY,
    }  # 120 vs 110 t is within 10 %; 0.5 vs 0.3 + 0.25 t summed over media; pce below 1 kg
    found = science.compare([A("raw_material", "dcm", "120")], [A("raw_material", "dcm", "100")])
    assert [(d.problem, d.survey_t, d.disclosed_t) for d in found] == [
        (science.AMOUNT_DIFFERS, Decimal("120"), Decimal("100"))
    ]
    # small absolute gaps are rounding, not disagreement
    assert science.compare([A("emission", "x", "0.0004")], [A("emission", "x", "0.0001")]) == []
    assert science.compare([], []) == []


@pytest.mark.parametrize("bad", ["NaN", "Infinity", "-1"])
def test_compare_refuses_amounts_that_are_not_finite_and_positive(bad: str) -> None:
    with pytest.raises(ValueError, match="finite"):
        science.compare([A("emission", "x", bad)], [])


def test_compare_refuses_an_unknown_kind() -> None:
    with pytest.raises(ValueError, match="kind"):
        science.compare([A("product", "x", "1")], [])


# --- the review page --------------------------------------------------------------------------------------------
def test_the_review_shows_missing_overdue_and_disagreements(
    personas: Personas, company: Enterprise, dcm: Substance
) -> None:
    ganjingzi = District.objects.get(code="210211")
    agrees = EnterpriseFactory(name="一致企业", district=ganjingzi)
    accepted_report(agrees, dcm, release_water_kg=Decimal(0), transfer_kg=Decimal(0), quantity_t=Decimal(0))
    publish(agrees, dcm, "0.096")
    accepted_report(company, dcm)  # 120 t used, 0.72 t leaving the site
    publish(company, dcm, "0.3")  # no raw material, emission too low
    silent = EnterpriseFactory(name="未公开企业", district=ganjingzi)
    accepted_report(silent, dcm)
    elsewhere = EnterpriseFactory(name="庄河企业", district=District.objects.get(code="210283"))
    accepted_report(elsewhere, dcm)
    url = reverse("portal:disclosure_review")
    bureau = client_for(personas.bureau).get(url)
    rows = {r.state.enterprise.name: r for r in bureau.context["page"]}
    assert set(rows) == {"一致企业", "甘井子示例化工", "未公开企业", "庄河企业"}
    assert rows["一致企业"].differences == []
    problems = {(d.kind, d.problem) for d in rows["甘井子示例化工"].differences}
    assert len(problems) == 2  # the raw material not disclosed; the emission amount differs
    assert rows["未公开企业"].state.state == "missing" and rows["未公开企业"].overdue  # due 15 March 2026
    assert bureau.context["counts"] == {"all": 4, "missing": 2, "overdue": 2, "disagree": 1}
    body = bureau.content.decode()
    assert (
        "二氯甲烷" in body and reverse("portal:disclosure_detail", args=[rows["一致企业"].state.published.pk]) in body
    )
    district = client_for(personas.district).get(url)
    assert {r.state.enterprise.name for r in district.context["page"]} == {"一致企业", "甘井子示例化工", "未公开企业"}
    assert [
        r.state.enterprise.name for r in client_for(personas.bureau).get(url, {"show": "disagree"}).context["page"]
    ] == ["甘井子示例化工"]
    assert client_for(personas.bureau).get(url, {"q": "庄河"}).context["page"].paginator.count == 1
    assert client_for(personas.bureau).get(url, {"show": "bogus"}).context["show"] == ""
    for user in (personas.department, personas.enterprise, personas.expert):
        assert client_for(user).get(url).status_code == 403


# --- the obligation ---------------------------------------------------------------------------------------------
def test_the_obligation_check_says_met_once_published(company: Enterprise, dcm: Substance) -> None:
    check = registry.obligation_checks["disclosure"]
    other = EnterpriseFactory()
    DisclosureFactory(enterprise=other, year=YEAR)  # a draft: not met
    assert {k: v.met for k, v in check([company.pk, other.pk], YEAR).items()} == {company.pk: False, other.pk: False}
    published = publish(company, dcm, "1")
    status = check([company.pk], YEAR)[company.pk]
    assert isinstance(status, ObligationStatus) and status.met
    assert status.url == reverse("portal:disclosure_detail", args=[published.pk])
    assert check([company.pk], YEAR + 1)[company.pk].met is False  # another year


def test_my_obligations_say_disclosed_or_due_and_overdue(
    personas: Personas, company: Enterprise, dcm: Substance
) -> None:
    accepted_report(company, dcm)

    def disclosure_item(today: date):  # type: ignore[no-untyped-def]
        result = work("compliance.my_obligations", personas.enterprise, today)
        return next(i for i in result.items if "/portal/disclosures/" in i.url)

    item = disclosure_item(BEFORE_DUE)
    assert item.due == date(YEAR + 1, 3, 15) and not item.overdue(BEFORE_DUE)
    assert disclosure_item(AFTER_DUE).overdue(AFTER_DUE)
    assert client_for(personas.enterprise).get(item.url).status_code == 200
    publish(company, dcm, "0.72")
    met = disclosure_item(AFTER_DUE)
    assert met.due is None and not met.overdue(AFTER_DUE)
    assert met.url.endswith(f"/portal/disclosures/{Disclosure.objects.get(enterprise=company).pk}/")


# --- the enterprise's widget and reminder -----------------------------------------------------------------------
def test_the_widget_lists_the_year_to_disclose_with_its_due_date(
    personas: Personas, company: Enterprise, dcm: Substance
) -> None:
    accepted_report(company, dcm)
    result = work("portal.my_disclosures", personas.enterprise, AFTER_DUE)
    [item] = result.items
    assert item.due == date(YEAR + 1, 3, 15) and item.overdue(AFTER_DUE) and str(YEAR) in item.title
    client = client_for(personas.enterprise)
    assert client.get(item.url).status_code == 200 and client.get(result.more_url).status_code == 200
    draft = services.save_draft(
        enterprise=company, year=YEAR, user=personas.enterprise, treatment="",
        lines=[{"kind": "emission", "substance": dcm, "medium": "air", "amount_t": Decimal("0.72")}],
    )  # fmt: skip
    services.publish(disclosure=draft, user=personas.enterprise)
    [done] = work("portal.my_disclosures", personas.enterprise, AFTER_DUE).items
    assert done.due is None and not done.overdue(AFTER_DUE)
    home = client.get(reverse("core:home"))
    assert home.status_code == 200


def test_the_widget_costs_the_same_queries_with_more_data(
    personas: Personas, company: Enterprise, dcm: Substance
) -> None:
    accepted_report(company, dcm)
    few = queries(lambda: work("portal.my_disclosures", personas.enterprise, AFTER_DUE))
    for year in (2020, 2021, 2022):
        second = EnterpriseFactory()
        second.users.add(personas.enterprise)
        accepted_report(second, dcm, year=year)
        publish(second, dcm, "0.1")
        DisclosureFactory(enterprise=second, year=YEAR, version=2)
    many = queries(lambda: work("portal.my_disclosures", personas.enterprise, AFTER_DUE))
    assert many == few <= 10


def test_the_deadline_reminds_the_enterprise_until_it_publishes(
    personas: Personas, company: Enterprise, dcm: Substance
) -> None:
    accepted_report(company, dcm)
    colleague = UserFactory(username="eve2", role="enterprise")
    company.users.add(colleague)
    assert list(disclosure_deadlines(date(YEAR + 1, 1, 1), date(YEAR + 1, 2, 1))) == []  # not due by the horizon
    [deadline] = disclosure_deadlines(BEFORE_DUE, date(YEAR + 1, 3, 31))
    assert deadline.kind == "disclosure_due" and deadline.due == date(YEAR + 1, 3, 15)
    assert set(deadline.recipients) == {personas.enterprise.pk, colleague.pk}
    assert client_for(personas.enterprise).get(deadline.url).status_code == 200
    few = queries(lambda: list(disclosure_deadlines(AFTER_DUE, AFTER_DUE)))
    for _n in range(4):
        other = EnterpriseFactory()
        other.users.add(UserFactory(role="enterprise"))
        accepted_report(other, dcm)
    assert queries(lambda: list(disclosure_deadlines(AFTER_DUE, AFTER_DUE))) == few
    publish(company, dcm, "0.72")
    assert all(f":{company.pk}:" not in d.key for d in disclosure_deadlines(AFTER_DUE, AFTER_DUE))


# --- demo -------------------------------------------------------------------------------------------------------
def test_the_demo_publishes_the_demo_enterprises_disclosure_once(dcm: Substance) -> None:
    ganjingzi = District.objects.get(code="210211")
    UserFactory(username="admin", role="sysadmin", is_superuser=True)
    user = UserFactory(username="enterprise", role="enterprise")
    mine = EnterpriseFactory(district=ganjingzi)
    mine.users.add(user)
    accepted_report(mine, dcm)
    neighbour = EnterpriseFactory(district=ganjingzi)
    accepted_report(neighbour, dcm)
    silent = EnterpriseFactory(district=ganjingzi)
    accepted_report(silent, dcm)
    demo.load()
    published = Disclosure.objects.filter(status="published")
    assert set(published.values_list("enterprise_id", flat=True)) <= {mine.pk, neighbour.pk, silent.pk}
    assert published.filter(enterprise=mine, year=YEAR).exists()
    assert published.get(enterprise=mine).lines.filter(from_survey=True).exists()
    count = published.count()
    assert count == 2  # the demo enterprise's and one neighbour's; the third stays missing
    demo.load()
    assert Disclosure.objects.count() == count  # idempotent


def test_the_review_and_public_pages_cost_the_same_queries_with_more_data(
    personas: Personas, company: Enterprise, dcm: Substance
) -> None:
    accepted_report(company, dcm)
    first = publish(company, dcm, "0.3")
    review, listing = reverse("portal:disclosure_review"), reverse("portal:disclosure_list")
    detail = reverse("portal:disclosure_detail", args=[first.pk])

    def cost(url: str, user: User | None) -> int:
        client = client_for(user)  # signed in: never served from the page cache
        return queries(lambda: client.get(url))

    few = [cost(review, personas.bureau), cost(listing, personas.bureau), cost(detail, personas.bureau)]
    chloroform = Substance.objects.get(cas="67-66-3")
    for _n in range(5):
        other = EnterpriseFactory(district=company.district)
        accepted_report(other, dcm)
        line = publish(other, dcm, "9")
        DisclosureLineFactory(disclosure=line, substance=chloroform, amount_t=Decimal("1"))
    DisclosureLineFactory(disclosure=first, substance=chloroform)
    second = DisclosureFactory(enterprise=company, year=YEAR, version=2, published=True, correction_note="更正")
    DisclosureLineFactory(disclosure=second, substance=dcm)
    many = [cost(review, personas.bureau), cost(listing, personas.bureau), cost(detail, personas.bureau)]
    assert many == few
    assert max(many) <= 25

"""The disclosure (信息公开) workflow: pre-fill from the survey, validation, versions, public pages, scope."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from npgov.core.models import District
from npgov.core.pagecache import portal_version
from npgov.enterprises.models import Enterprise
from npgov.portal.disclosures import selectors, services
from npgov.portal.disclosures.models import Disclosure
from npgov.portal.opendata import DATASETS
from npgov.substances.models import Substance
from npgov.surveys.selectors import campaign_by_year
from tests.conftest import Personas, client_for
from tests.enterprises.factories import EnterpriseFactory
from tests.portal.factories_disclosures import DisclosureFactory, DisclosureLineFactory
from tests.surveys.factories import CampaignFactory, SubmissionFactory, SubmissionLineFactory

pytestmark = pytest.mark.django_db

YEAR = 2025


@pytest.fixture
def company(personas: Personas) -> Enterprise:
    enterprise = EnterpriseFactory(name="甘井子示例化工", district=District.objects.get(code="210211"))
    enterprise.users.add(personas.enterprise)
    return enterprise


@pytest.fixture
def dcm() -> Substance:
    return Substance.objects.get(cas="75-09-2")  # dichloromethane: key controlled new pollutant


def accepted_report(enterprise: Enterprise, substance: Substance, *, year: int = YEAR, status: str = "accepted",
                    **values: Any) -> Any:  # fmt: skip
    campaign = campaign_by_year(year=year, city_code="210200") or CampaignFactory(year=year)
    submission = SubmissionFactory(campaign=campaign, enterprise=enterprise, status=status)
    defaults = {"activity": "processing_use", "quantity_t": Decimal("120"), "release_air_kg": Decimal("96"),
                "release_water_kg": Decimal("24"), "transfer_kg": Decimal("600"),
                "tiers": ["key", "detailed", "basic"]}  # fmt: skip
    return SubmissionLineFactory(submission=submission, substance=substance, **{**defaults, **values})


def management(total: int, initial: int = 0) -> dict[str, str]:
    return {"lines-TOTAL_FORMS": str(total), "lines-INITIAL_FORMS": str(initial), "lines-MIN_NUM_FORMS": "0",
            "lines-MAX_NUM_FORMS": "200"}  # fmt: skip


def line_post(index: int, chosen: Substance, **values: str) -> dict[str, str]:
    data = {"kind": "emission", "substance": str(chosen.pk), "medium": "air", "amount_t": "0.5",
            "concentration": "", "concentration_unit": "", "treatment": "活性炭吸附"} | values  # fmt: skip
    return {f"lines-{index}-{k}": v for k, v in data.items()}


def edit_url(enterprise: Enterprise, year: int = YEAR) -> str:
    return reverse("portal:disclosure_edit", args=[enterprise.pk, year])


def save(enterprise: Enterprise, user: Any, substance: Substance, **values: Any) -> Disclosure:
    lines = [{"kind": "emission", "substance": substance, "medium": "air", "amount_t": Decimal("0.5")}]
    return services.save_draft(enterprise=enterprise, year=YEAR, user=user, treatment="处理", lines=lines, **values)


# --- pre-fill ---------------------------------------------------------------------------------------------------
def test_the_draft_starts_from_the_accepted_survey_report(
    personas: Personas, company: Enterprise, dcm: Substance
) -> None:
    accepted_report(company, dcm)
    accepted_report(company, Substance.objects.get(cas="67-66-3"), year=YEAR + 1, status="submitted")  # not accepted
    rows = selectors.survey_lines(company.pk, YEAR)
    assert {(r["kind"], r["medium"], r["amount_t"]) for r in rows} == {
        ("raw_material", "", Decimal("120.000000")),
        ("emission", "air", Decimal("0.096000")),  # 96 kg
        ("emission", "water", Decimal("0.024000")),
        ("emission", "solid", Decimal("0.600000")),  # transfers off site
    }
    assert all(r["from_survey"] and r["substance"] == dcm.pk for r in rows)
    assert selectors.survey_lines(company.pk, YEAR + 1) == []  # a report not accepted gives nothing
    response = client_for(personas.enterprise).get(edit_url(company))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="0.096"' in body and 'value="120"' in body  # written as people write them
    assert response.context["from_survey"] is True
    assert response.context["formset"].total_form_count() == 4


def test_saving_keeps_survey_lines_marked_and_the_enterprise_may_change_add_and_remove(
    personas: Personas, company: Enterprise, dcm: Substance
) -> None:
    accepted_report(company, dcm, transfer_kg=Decimal(0), release_water_kg=Decimal(0))
    chloroform = Substance.objects.get(cas="67-66-3")
    data = {"treatment": "废气活性炭吸附", **management(3, 2),
            **line_post(0, dcm, kind="raw_material", medium="", amount_t="120", treatment=""),
            **line_post(1, dcm, amount_t="0.1", concentration="0.85", concentration_unit="mg/m3"),  # changed
            **line_post(2, chloroform, amount_t="0.002", medium="water")}  # fmt: skip
    response = client_for(personas.enterprise).post(edit_url(company), data)
    assert response.status_code == 302, response.context["formset"].errors
    draft = Disclosure.objects.get(enterprise=company, year=YEAR)
    lines = {(ln.kind, ln.substance.cas): ln for ln in draft.lines.all()}
    assert lines[("raw_material", "75-09-2")].from_survey is True
    assert lines[("emission", "75-09-2")].from_survey is False  # the amount was changed
    assert lines[("emission", "75-09-2")].concentration == Decimal("0.85")
    assert lines[("emission", "67-66-3")].from_survey is False  # added by the enterprise
    assert draft.status == "draft" and draft.published_at is None and draft.prepared_by == personas.enterprise
    # removing a line
    data |= {"lines-2-DELETE": "on"}
    client_for(personas.enterprise).post(edit_url(company), data)
    assert draft.lines.count() == 2
    assert Disclosure.objects.filter(enterprise=company, year=YEAR).count() == 1  # the same draft


# --- validation -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("values", "field", "code"),
    [
        ({"amount_t": "NaN"}, "amount_t", "invalid"),
        ({"amount_t": "Infinity"}, "amount_t", "invalid"),
        ({"amount_t": "-inf"}, "amount_t", "invalid"),
        ({"amount_t": "abc"}, "amount_t", "invalid"),
        ({"amount_t": "1,5"}, "amount_t", "decimal_comma"),
        ({"amount_t": "1，5"}, "amount_t", "decimal_comma"),
        ({"amount_t": "1,000.5"}, "amount_t", "decimal_comma"),
        ({"amount_t": "-1"}, "amount_t", "min_value"),
        ({"amount_t": "20000000"}, "amount_t", "max_value"),
        ({"amount_t": "1e400"}, "amount_t", "max_value"),
        ({"amount_t": "0.1234567"}, "amount_t", "max_decimal_places"),
        ({"amount_t": ""}, "amount_t", "required"),
        ({"concentration": "0.5"}, "concentration_unit", "unit"),
        ({"concentration": "0,5", "concentration_unit": "mg/L"}, "concentration", "decimal_comma"),
        ({"concentration": "nan", "concentration_unit": "mg/L"}, "concentration", "invalid"),
        ({"concentration": "2000000", "concentration_unit": "mg/kg"}, "concentration", "max_value"),
        ({"concentration_unit": "mg/L"}, "concentration", "no_value"),
        ({"concentration": "1", "concentration_unit": "ppm"}, "concentration_unit", "invalid_choice"),
        ({"kind": "raw_material", "medium": "water"}, "medium", "raw_material"),
        ({"kind": "product"}, "kind", "invalid_choice"),
        ({"treatment": "x" * 501}, "treatment", "max_length"),
        ({"substance": "999999"}, "substance", "invalid_choice"),
    ],
)
def test_a_line_refuses_what_cannot_be_stored(
    personas: Personas, company: Enterprise, dcm: Substance, values: dict[str, str], field: str, code: str
) -> None:
    accepted_report(company, dcm)
    data = {"treatment": "", **management(1), **line_post(0, dcm, **values)}
    response = client_for(personas.enterprise).post(edit_url(company), data)
    assert response.status_code == 200
    errors = response.context["formset"].forms[0].errors.as_data()
    assert code in [e.code for e in errors.get(field, [])], errors
    assert not Disclosure.objects.filter(enterprise=company).exists()


def test_a_decimal_comma_gets_a_message_that_says_so(personas: Personas, company: Enterprise, dcm: Substance) -> None:
    accepted_report(company, dcm)
    data = {"treatment": "", **management(1), **line_post(0, dcm, amount_t="1,5")}
    with translation.override("en"):
        response = client_for(personas.enterprise).post(edit_url(company), data, headers={"accept-language": "en"})
        message = str(response.context["formset"].forms[0].errors["amount_t"][0])
    assert "comma" in message or "逗号" in message
    assert "12.5" in message


def test_the_formset_refuses_duplicates_no_lines_and_a_long_treatment(
    personas: Personas, company: Enterprise, dcm: Substance
) -> None:
    accepted_report(company, dcm)
    client = client_for(personas.enterprise)

    def non_form(data: dict[str, str]) -> list[str]:
        return [e.code for e in client.post(edit_url(company), data).context["formset"].non_form_errors().as_data()]

    assert non_form({"treatment": "", **management(2), **line_post(0, dcm), **line_post(1, dcm)}) == ["duplicate"]
    assert non_form({"treatment": "", **management(0)}) == ["no_lines"]
    # the same substance emitted to two media is two lines, not a duplicate
    two_media = {"treatment": "", **management(2), **line_post(0, dcm), **line_post(1, dcm, medium="water")}
    assert client.post(edit_url(company), two_media).status_code == 302
    long = {"treatment": "长" * 2001, **management(1), **line_post(0, dcm)}
    assert "treatment" in client.post(edit_url(company), long).context["form"].errors
    assert Disclosure.objects.get(enterprise=company).lines.count() == 2


# --- publishing and versions ------------------------------------------------------------------------------------
def test_publishing_dates_the_version_and_refreshes_the_portal(
    personas: Personas, company: Enterprise, dcm: Substance, django_capture_on_commit_callbacks: Any
) -> None:
    accepted_report(company, dcm)
    draft = save(company, personas.enterprise, dcm)
    public = client_for(None)
    assert public.get(reverse("portal:disclosure_list")).context["page"].paginator.count == 0
    assert public.get(reverse("portal:disclosure_list"))["X-Cache"] == "hit"  # served from the cache
    client = client_for(personas.enterprise)
    url = reverse("portal:disclosure_publish", args=[draft.pk])
    client.post(url, {})  # not confirmed
    draft.refresh_from_db()
    assert draft.status == "draft"
    before = portal_version()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"confirm": "on"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "published" and draft.published_at is not None
    assert portal_version() > before  # cached public pages are stale
    fresh = public.get(reverse("portal:disclosure_list"))
    assert fresh["X-Cache"] == "miss" and [d.pk for d in fresh.context["page"]] == [draft.pk]
    # publishing again is refused: the published version is not a draft any more
    assert client.post(url, {"confirm": "on"}).status_code == 404


def test_a_published_version_is_never_changed_a_correction_is_a_new_version(
    personas: Personas, company: Enterprise, dcm: Substance
) -> None:
    accepted_report(company, dcm)
    first = save(company, personas.enterprise, dcm)
    services.publish(disclosure=first, user=personas.enterprise)
    client = client_for(personas.enterprise)
    page = client.get(edit_url(company))
    assert page.context["correction"] is True and "correction_note" in page.context["form"].fields
    data = {"treatment": "更正后的处理方式", **management(1), **line_post(0, dcm, amount_t="0.7")}
    refused = client.post(edit_url(company), data)
    assert "correction_note" in refused.context["form"].errors  # a correction says what it corrects
    response = client.post(edit_url(company), data | {"correction_note": "排放量更正"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == "published" and first.lines.get().amount_t == Decimal("0.5")  # unchanged
    second = Disclosure.objects.get(enterprise=company, year=YEAR, version=2)
    assert second.status == "draft" and second.correction_note == "排放量更正"
    # the service refuses a correction without a note, and the published version cannot be republished
    with pytest.raises(ValidationError) as no_note:
        save(company, personas.enterprise, dcm)
    assert no_note.value.code == "correction_note"
    with pytest.raises(ValidationError) as again:
        services.publish(disclosure=first, user=personas.enterprise)
    assert again.value.code == "published"
    services.publish(disclosure=second, user=personas.enterprise)
    public = client_for(None)
    old = public.get(reverse("portal:disclosure_detail", args=[first.pk]))
    assert old.context["superseded"] is True and 'id="superseded"' in old.content.decode()
    assert reverse("portal:disclosure_detail", args=[second.pk]) in old.content.decode()
    assert [v.version for v in old.context["versions"]] == [1, 2]
    current = public.get(reverse("portal:disclosure_detail", args=[second.pk]))
    assert current.context["superseded"] is False and "排放量更正" in current.content.decode()
    listing = public.get(reverse("portal:disclosure_list"))
    assert [d.pk for d in listing.context["page"]] == [second.pk]  # the latest version only


# --- public pages -----------------------------------------------------------------------------------------------
def test_public_pages_never_show_drafts(personas: Personas, company: Enterprise) -> None:
    draft = DisclosureFactory(enterprise=company, year=YEAR)
    DisclosureLineFactory(disclosure=draft)
    published = DisclosureFactory(enterprise=EnterpriseFactory(name="公开示例企业"), year=YEAR, published=True)
    DisclosureLineFactory(disclosure=published, amount_t=Decimal("2.25"))
    for user in (None, personas.bureau, personas.enterprise):
        client = client_for(user)
        assert client.get(reverse("portal:disclosure_detail", args=[draft.pk])).status_code == 404
        listing = client.get(reverse("portal:disclosure_list"))
        assert [d.pk for d in listing.context["page"]] == [published.pk]
        assert company.name not in listing.content.decode()
    detail = client_for(None).get(reverse("portal:disclosure_detail", args=[published.pk]))
    assert detail.status_code == 200 and "2.25" in detail.content.decode()
    assert detail["Cache-Control"].startswith("public") or "public" in detail["Cache-Control"]
    rows = list(DATASETS["disclosures"].rows())
    assert [r["enterprise"] for r in rows] == ["公开示例企业"]  # drafts never in the open data


def test_the_public_list_searches_filters_and_pages(company: Enterprise) -> None:
    other = District.objects.get(code="210283")
    for n in range(23):
        DisclosureFactory(enterprise=EnterpriseFactory(name=f"示例企业{n:02d}"), year=2024, published=True)
    DisclosureFactory(enterprise=EnterpriseFactory(name="庄河企业", district=other), year=YEAR, published=True)
    client = client_for(None)
    url = reverse("portal:disclosure_list")
    first = client.get(url)
    assert first.context["page"].paginator.count == 24 and len(first.context["page"]) == 20
    assert len(client.get(url, {"page": 2}).context["page"]) == 4
    assert [d.enterprise.name for d in client.get(url, {"q": "庄河"}).context["page"]] == ["庄河企业"]
    assert client.get(url, {"year": YEAR}).context["page"].paginator.count == 1
    assert client.get(url, {"district": other.pk}).context["page"].paginator.count == 1
    assert client.get(url, {"year": "x", "district": "<script>"}).context["page"].paginator.count == 24
    nothing = client.get(url, {"q": "不存在"})
    assert nothing.context["page"].paginator.count == 0 and 'href="?"' in nothing.content.decode()


# --- scope ------------------------------------------------------------------------------------------------------
def test_an_enterprise_cannot_touch_another_enterprises_disclosure(
    personas: Personas, company: Enterprise, dcm: Substance
) -> None:
    stranger = EnterpriseFactory()
    accepted_report(stranger, dcm)
    draft = DisclosureFactory(enterprise=stranger, year=YEAR)
    DisclosureLineFactory(disclosure=draft)
    client = client_for(personas.enterprise)
    assert client.get(edit_url(stranger)).status_code == 404
    data = {"treatment": "", **management(1), **line_post(0, dcm)}
    assert client.post(edit_url(stranger), data).status_code == 404
    assert client.post(reverse("portal:disclosure_publish", args=[draft.pk]), {"confirm": "on"}).status_code == 404
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.lines.count() == 1
    # a year without a survey report or disclosure does not exist for the enterprise either
    assert client.get(edit_url(company, 2011)).status_code == 404
    # officials read the review, they do not write an enterprise's disclosure
    assert client_for(personas.bureau).get(edit_url(stranger)).status_code == 403
    with pytest.raises(PermissionDenied):
        services.save_draft(enterprise=stranger, year=YEAR, user=personas.enterprise, treatment="", lines=[])
    assert Disclosure.objects.filter(enterprise=stranger).count() == 1


def test_my_disclosures_lists_years_with_status_due_date_and_overdue(
    personas: Personas, company: Enterprise, dcm: Substance
) -> None:
    accepted_report(company, dcm, year=2020)  # due 2021-03-15: long overdue
    response = client_for(personas.enterprise).get(reverse("portal:my_disclosures"))
    assert response.status_code == 200
    [(state, overdue)] = response.context["rows"]
    assert state.year == 2020 and state.obligated and state.due == date(2021, 3, 15) and overdue
    assert state.state == "missing"
    assert edit_url(company, 2020) in response.content.decode()

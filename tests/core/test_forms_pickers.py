"""Forms that help (issue 14, item 7): filters start at "All", long choices get a type-ahead, and the districts,
enterprises and sites a user may choose follow their scope."""

from __future__ import annotations

import pytest
from django import forms
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from npgov.compliance.filtersets import FindingFilterSet
from npgov.core.models import District
from npgov.core.templatetags.npgov import bs_widget
from npgov.core.widgets import PICKER_THRESHOLD, RemotePickerSelect, picker_widget, scope_choices
from npgov.enterprises.models import Enterprise
from npgov.substances.filtersets import SubstanceFilterSet
from npgov.substances.models import Substance
from npgov.surveys.filtersets import SubmissionFilterSet
from tests.conftest import Personas, client_for
from tests.core.factories import UserFactory
from tests.enterprises.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def _filterset(cls, user):  # noqa: ANN001, ANN202
    request = RequestFactory().get("/")
    request.user = user
    return cls(None, request=request)


# --- filters start at "All" ----------------------------------------------------------------------------------------
@translation.override("en")
def test_every_filter_choice_starts_at_all_not_unknown_or_dashes(personas: Personas) -> None:
    for cls in (FindingFilterSet, SubstanceFilterSet, SubmissionFilterSet):
        form = _filterset(cls, personas.bureau).form
        for name, field in form.fields.items():
            if not isinstance(field.widget, forms.Select):
                continue
            first = list(field.widget.choices if not hasattr(field, "choices") else field.choices)[0]
            assert str(first[1]) == "All", (cls.__name__, name, first)
            html = str(form[name])
            assert "---------" not in html and "Unknown" not in html, (cls.__name__, name)


@translation.override("en")
def test_a_yes_no_filter_offers_all_yes_no_and_filters(personas: Personas) -> None:
    form = _filterset(FindingFilterSet, personas.bureau).form
    assert [str(label) for _value, label in form.fields["overdue"].widget.choices] == ["All", "Yes", "No"]
    client = client_for(personas.bureau)
    page = client.get(reverse("compliance:finding_list") + "?overdue=true")
    assert page.status_code == 200 and page.context["filterset"].form.cleaned_data["overdue"] is True


def test_the_list_page_shows_all_in_chinese(personas: Personas) -> None:
    client = client_for(personas.bureau)
    html = client.get(reverse("substances:substance_list"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert '<option value="" selected>全部</option>' in html and "未知" not in html and "---------" not in html


def test_filters_read_in_english_first_still_read_in_chinese_after(personas: Personas) -> None:
    # The API schema (and any English page) reads every filter's label and form field first: neither may stay
    # cached on the filter class in that language.
    client = client_for(personas.bureau)
    assert client.get(reverse("api:schema"), HTTP_ACCEPT_LANGUAGE="en").status_code == 200
    with translation.override("en"):
        english = FindingFilterSet(None, queryset=FindingFilterSet._meta.model.objects.none()).form
        assert str(english.fields["status"].label).lower() == "status"
    html = client.get(reverse("compliance:finding_list"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert '<option value="" selected>全部</option>' in html and "---------" not in html
    assert ">Status<" not in html and ">Kind<" not in html


def test_a_filter_across_a_relation_is_labelled_by_its_last_field(personas: Personas) -> None:
    form = _filterset(SubmissionFilterSet, personas.bureau).form
    assert form.fields["enterprise__district"].label == Enterprise._meta.get_field("district").verbose_name


# --- districts a user may choose -----------------------------------------------------------------------------------
def _district_ids(form: forms.Form, name: str) -> set[int]:
    return set(form.fields[name].queryset.values_list("pk", flat=True))


def test_district_choices_follow_the_role(personas: Personas) -> None:
    gan = personas.district.district
    scope = set(personas.district.district_scope_ids())
    everything = set(District.objects.values_list("pk", flat=True))
    enterprise = EnterpriseFactory()  # in 甘井子区
    enterprise.users.add(personas.enterprise)

    def choices(user) -> set[int]:  # noqa: ANN001
        return _district_ids(_filterset(SubmissionFilterSet, user).form, "enterprise__district")

    assert choices(personas.bureau) == everything and choices(personas.department) == everything
    assert choices(personas.district) == scope and gan.pk in scope and len(scope) < len(everything)
    assert choices(personas.enterprise) == {enterprise.district_id}
    assert choices(UserFactory(role="enterprise")) == set()  # no enterprise yet: no district to choose


def test_a_district_user_cannot_filter_by_another_district(personas: Personas) -> None:
    other = District.objects.exclude(pk__in=personas.district.district_scope_ids()).exclude(kind="city").first()
    form = _filterset(FindingFilterSet, personas.district).form
    assert other.pk not in _district_ids(form, "enterprise__district")
    html = client_for(personas.district).get(reverse("compliance:finding_list")).content.decode()
    select = html[html.index('name="enterprise__district"') :]
    select = select[: select.index("</select>")]
    assert f'<option value="{other.pk}"' not in select and f'<option value="{personas.district.district_id}"' in select


def test_scope_choices_narrows_forms_too(personas: Personas) -> None:
    class PlaceForm(forms.Form):
        district = forms.ModelChoiceField(queryset=District.objects.all())
        enterprise = forms.ModelChoiceField(queryset=Enterprise.objects.all())

    mine, theirs = EnterpriseFactory(), EnterpriseFactory(district=District.objects.get(code="210202"))
    form = scope_choices(PlaceForm(), personas.district)
    assert _district_ids(form, "district") == set(personas.district.district_scope_ids())
    assert set(form.fields["enterprise"].queryset) == {mine} and theirs not in form.fields["enterprise"].queryset
    assert _district_ids(scope_choices(PlaceForm(), personas.bureau), "district") == set(
        District.objects.values_list("pk", flat=True)
    )


# --- type-ahead pickers --------------------------------------------------------------------------------------------
def test_a_long_registry_renders_only_the_chosen_option_and_searches_the_server(personas: Personas) -> None:
    class SubstanceChoice(forms.Form):
        substance = forms.ModelChoiceField(queryset=Substance.objects.all())

    pfos = Substance.objects.get(cas="1763-23-1")
    assert Substance.objects.count() > 100
    bound = SubstanceChoice(initial={"substance": pfos.pk})["substance"]
    widget = picker_widget(bound)
    assert isinstance(widget, RemotePickerSelect)
    html = str(bs_widget(bound))
    assert html.count("<option") == 2 and f'value="{pfos.pk}" selected' in html  # the empty one and PFOS
    assert 'data-picker-url="/core/pick/substances.substance/"' in html and "form-select" in html


def test_a_long_plain_list_gets_a_local_type_ahead_and_a_short_one_stays_a_select() -> None:
    class Choices(forms.Form):
        long = forms.ChoiceField(choices=[(str(i), f"选项{i}") for i in range(PICKER_THRESHOLD + 1)])
        short = forms.ChoiceField(choices=[("a", "甲"), ("b", "乙")])

    form = Choices()
    assert 'data-picker="1"' in str(bs_widget(form["long"])) and "data-picker-url" not in str(bs_widget(form["long"]))
    assert "data-picker" not in str(bs_widget(form["short"]))


def test_the_picker_search_answers_only_from_rows_the_user_may_see(personas: Personas) -> None:
    mine = EnterpriseFactory(name="甘井子测试化工")
    theirs = EnterpriseFactory(name="中山测试化工", district=District.objects.get(code="210202"))
    mine.users.add(personas.enterprise)
    url = reverse("core:picker_search", args=["enterprises.enterprise"])

    def names(user, **params) -> set[str]:  # noqa: ANN001
        response = client_for(user).get(url, {"q": "测试化工", **params})
        assert response.status_code == 200
        return {r["text"] for r in response.json()["results"]}

    assert names(personas.bureau) >= {"甘井子测试化工", "中山测试化工"}
    assert "中山测试化工" not in names(personas.district) and "甘井子测试化工" in names(personas.district)
    assert names(personas.enterprise) == {"甘井子测试化工"}
    values = client_for(personas.bureau).get(url, {"q": mine.uscc, "field": "uscc"}).json()["results"]
    assert values == [{"value": mine.uscc, "text": str(mine)}] and theirs.uscc != mine.uscc


def test_the_picker_search_refuses_unknown_registries_fields_and_anonymous_users(personas: Personas) -> None:
    client = client_for(personas.bureau)
    assert client.get(reverse("core:picker_search", args=["core.user"])).status_code == 404
    by_name = client.get(reverse("core:picker_search", args=["enterprises.enterprise"]), {"field": "name"})
    assert by_name.status_code == 404
    anonymous = client_for(None).get(reverse("core:picker_search", args=["substances.substance"]), {"q": "PFOS"})
    assert anonymous.status_code == 302
    many = client.get(reverse("core:picker_search", args=["substances.substance"]), {"q": ""}).json()["results"]
    assert len(many) == 20  # never the whole registry


@translation.override("en")
def test_a_form_blank_choice_reads_as_words_not_dashes() -> None:
    class Optional(forms.Form):
        district = forms.ModelChoiceField(queryset=District.objects.filter(kind="city"), required=False)
        kind = forms.ChoiceField(choices=[("", "---------"), ("a", "甲")], required=False)

    form = Optional()
    for name in ("district", "kind"):
        html = str(bs_widget(form[name]))
        assert "---------" not in html and "— choose —" in html, name


def test_industries_are_searched_by_class_code_and_never_rendered_whole(personas: Personas) -> None:
    from npgov.enterprises.forms import EnterpriseForm

    html = str(bs_widget(EnterpriseForm()["industry"]))
    assert html.count("<option") <= 1 and "/core/pick/enterprises.industry/?field=code" in html
    url = reverse("core:picker_search", args=["enterprises.industry"])
    results = client_for(personas.enterprise).get(url, {"q": "26", "field": "code"}).json()["results"]
    assert results and all(len(r["value"]) == 4 and "26" in r["value"] for r in results)  # classes only

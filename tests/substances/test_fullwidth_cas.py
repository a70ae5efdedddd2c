"""A CAS RN typed with full-width digits and dashes (common in Chinese documents) is read as a CAS RN (issue #16)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from npgov.science.identifiers import IdentifierError, normalise_cas
from npgov.substances.forms import SubstanceField
from npgov.substances.models import Substance
from tests.conftest import Personas, client_for

pytestmark = pytest.mark.django_db

DCM_FULL_WIDTH = "７５－０９－２"  # dichloromethane, as a Chinese input method types it


@pytest.mark.parametrize("text", ["５０－００－０", "50−00−0", "50―00―0", "ＣＡＳ　５０－００－０", "CAS RN: 50-00-0"])
def test_full_width_and_typographic_dashes_are_read(text: str) -> None:
    assert normalise_cas(text) == "50-00-0"


def test_digits_of_other_scripts_are_not_a_cas_rn() -> None:
    with pytest.raises(IdentifierError):
        normalise_cas("٥٠-٠٠-٠")


def test_the_substance_field_resolves_a_full_width_cas_rn(org: None) -> None:
    assert SubstanceField().clean(DCM_FULL_WIDTH) == Substance.objects.get(cas="75-09-2")


def test_a_full_width_cas_rn_with_a_wrong_check_digit_says_so(org: None) -> None:
    with translation.override("en"), pytest.raises(Exception) as error:
        SubstanceField().clean("７５－０９－３")
    assert "check digit" in " ".join(error.value.messages)  # type: ignore[attr-defined]


def test_the_substance_form_stores_the_canonical_cas_of_a_full_width_one(personas: Personas) -> None:
    data = {"cas": "ＣＡＳ　７７３２－１８－５", "name_zh": "水（测试）", "kind": "single"}
    response = client_for(personas.bureau).post(reverse("substances:substance_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Substance.objects.get(name_zh="水（测试）").cas == "7732-18-5"


def test_the_substance_form_names_a_wrong_check_digit_of_a_full_width_cas(personas: Personas) -> None:
    with translation.override("en"):
        response = client_for(personas.bureau).post(
            reverse("substances:substance_add"), {"cas": "５０－００－１", "name_zh": "坏号", "kind": "single"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert "the check digit should be 0, not 1" in response.content.decode()
    assert not Substance.objects.filter(name_zh="坏号").exists()


def test_the_suggestions_find_a_full_width_cas(personas: Personas) -> None:
    response = client_for(personas.enterprise).get(reverse("substances:substance_suggest"), {"q": DCM_FULL_WIDTH})
    assert "75-09-2" in response.content.decode()

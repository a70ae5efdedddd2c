"""The substances app's public reads: resolving a CAS RN or name as files write it, lookups by CAS RN and id."""

from __future__ import annotations

import pytest
from django.utils import translation

from npgov.science.identifiers import IdentifierError, normalise_cas
from npgov.substances.selectors import (
    substance_by_cas,
    substance_ids_by_cas,
    substance_list,
    substance_resolve,
    substances_by_id,
)
from npgov.substances.validators import cas_error_message, cas_or_text
from tests.substances.factories import SubstanceFactory, cas_for

pytestmark = pytest.mark.django_db


def test_substance_resolve_finds_a_cas_rn_alone_or_inside_a_lab_header() -> None:
    substance = SubstanceFactory(name_zh="测试氯仿")
    assert substance_resolve(substance.cas) == (substance.pk, "")
    assert substance_resolve(f"测试氯仿 ({substance.cas})") == (substance.pk, "")


def test_substance_resolve_finds_a_name_or_a_synonym() -> None:
    substance = SubstanceFactory(name_zh="测试甲苯", synonyms="Testol\n试剂甲")
    assert substance_resolve("测试甲苯") == (substance.pk, "")
    assert substance_resolve("testol") == (substance.pk, "")


@translation.override("en")
def test_substance_resolve_explains_what_it_cannot_resolve() -> None:
    assert substance_resolve("") == (None, "Empty: give a CAS RN or a name.")
    substance_id, error = substance_resolve("50-00-1")  # wrong check digit
    assert substance_id is None and "check digit" in error
    unregistered = cas_for(99_999)
    assert substance_resolve(unregistered) == (None, f"CAS RN {unregistered} is not in the substance registry.")
    substance_id, error = substance_resolve("无此物质名称")
    assert substance_id is None and "give its CAS RN" in error


def test_it_finds_substances_by_cas_or_id_and_nothing_for_an_unknown_cas() -> None:
    first, second = SubstanceFactory(), SubstanceFactory()
    assert substance_by_cas(cas=first.cas) == first
    assert substance_by_cas(cas=cas_for(99_999)) is None
    assert substance_ids_by_cas(cas=[first.cas, second.cas]) == {first.cas: first.pk, second.cas: second.pk}
    assert substances_by_id(ids=[first.pk]) == {first.pk: first}
    assert set(substance_list(cas=[second.cas])) == {second}
    assert set(substance_list(ids=[first.pk, second.pk], cas=[first.cas])) == {first}


@translation.override("en")
def test_cas_helpers_are_importable_without_the_models() -> None:
    assert cas_or_text(" 50-00-0 ") == normalise_cas("50-00-0")
    assert cas_or_text("not a cas") == "not a cas"
    with pytest.raises(IdentifierError) as caught:
        normalise_cas("50-00-1")
    assert "check digit" in cas_error_message(caught.value)

"""The regulations app's public reads: the current revision of a list, and the substances current lists name."""

from __future__ import annotations

import pytest

from npgov.regulations.selectors import control_measure_list, regulatory_list_current, substances_listed
from tests.regulations.factories import ControlMeasureFactory, ListMemberFactory, RegulatoryListFactory

pytestmark = pytest.mark.django_db


def test_regulatory_list_current_is_the_current_revision(org: None) -> None:
    RegulatoryListFactory(code="TEST-CURRENT", revision=1, is_current=False)
    current = RegulatoryListFactory(code="TEST-CURRENT", revision=2)
    assert regulatory_list_current(code="TEST-CURRENT") == current
    assert regulatory_list_current(code="TEST-NO-SUCH-LIST") is None


def test_substances_listed_are_named_by_current_revisions_each_once(org: None) -> None:
    named = ListMemberFactory()
    ListMemberFactory(substance=named.substance)  # named twice: listed once
    retired = ListMemberFactory(entry__regulatory_list__is_current=False)
    listed = list(substances_listed())
    assert listed.count(named.substance) == 1
    assert retired.substance not in listed


def test_it_lists_the_control_measures_of_the_given_entries(org: None) -> None:
    measure = ControlMeasureFactory()
    assert list(control_measure_list(entry_ids=[measure.entry_id])) == [measure]

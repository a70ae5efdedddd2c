"""Suppression on the substance cards: no aggregate over fewer than 3 enterprises shows a number, and no number
that a shown total would let a reader work out by subtraction (secondary suppression)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from npgov.core.models import District
from npgov.portal.opendata import DATASETS
from npgov.portal.statistics.selectors import substance_inventory, suppress_complement
from npgov.substances.selectors import substance_by_cas
from npgov.surveys.selectors import InventoryRow
from tests.conftest import client_for
from tests.surveys.factories import CampaignFactory, SubmissionLineFactory

pytestmark = pytest.mark.usefixtures("org")


def _accepted(campaign: Any, substance: Any, quantity: str, district: str = "210211") -> Any:
    return SubmissionLineFactory(
        submission__campaign=campaign, submission__status="accepted", substance=substance,
        quantity_t=Decimal(quantity), submission__enterprise__district=District.objects.get(code=district),
    )  # fmt: skip


def _card(substance: Any) -> str:
    response = client_for(None).get(reverse("portal:substance_card", args=[substance.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _all_dataset_text() -> str:
    return repr([list(dataset.rows()) for dataset in DATASETS.values()])


@pytest.mark.parametrize("quantities", [["123.457"], ["100.111", "23.346"]])
def test_a_group_of_one_or_two_enterprises_shows_no_number(quantities: list[str]) -> None:
    substance = substance_by_cas(cas="75-09-2")
    campaign = CampaignFactory(year=2031)
    for quantity in quantities:
        _accepted(campaign, substance, quantity)
    page = _card(substance)
    assert "np-suppressed" in page
    total = str(sum(Decimal(q) for q in quantities))
    for number in [*quantities, total, total[:-1], f"{Decimal(total):.2f}", f"{Decimal(total):.1f}"]:
        assert number not in page, number
        assert number not in _all_dataset_text(), number
    for block in substance_inventory(substance=substance):
        for row in block["rows"]:
            assert row["suppressed"] and row["enterprises"] is None and row["quantity_t"] is None


def test_a_group_of_three_enterprises_shows_its_total() -> None:
    substance = substance_by_cas(cas="75-09-2")
    campaign = CampaignFactory(year=2031)
    for quantity in ("100.111", "23.346", "1.000"):
        _accepted(campaign, substance, quantity)
    assert "124.457" in _card(substance)


def test_a_lone_small_group_hides_its_neighbour_too() -> None:
    substance = substance_by_cas(cas="75-09-2")
    campaign = CampaignFactory(year=2031)
    for quantity in ("100.100", "100.200", "100.200"):
        _accepted(campaign, substance, quantity, district="210211")
    _accepted(campaign, substance, "77.777", district="210213")
    page = _card(substance)
    assert "378.277" in page  # the industry: four enterprises
    assert "300.5" not in page  # Ganjingzi alone would give Jinzhou's one enterprise by subtraction
    assert "77.777" not in page


def test_secondary_suppression_rule() -> None:
    def row(n: int) -> InventoryRow:
        return InventoryRow(key=str(n), label=str(n), enterprises=n, suppressed=n < 3, values={})

    assert suppress_complement([row(5), row(4)]) == set()
    assert suppress_complement([row(5), row(4), row(1)]) == {1, 2}  # 1 alone: add the smallest shown (4)
    assert suppress_complement([row(5), row(1), row(1)]) == {0, 1, 2}  # 1 + 1 < 3 enterprises
    assert suppress_complement([row(5), row(4), row(2), row(1)]) == {2, 3}

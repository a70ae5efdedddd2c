"""Regulatory lists: versioned loading from the shipped files, pages that name their sources."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from npgov.regulations.models import ControlMeasure, ListEntry, RegulatoryList
from npgov.regulations.services.loading import DATA_DIR, regulatory_list_load
from tests.conftest import Personas, client_for

pytestmark = pytest.mark.django_db


def test_the_shipped_lists_are_loaded_with_their_documents(org: None) -> None:
    codes = set(RegulatoryList.objects.filter(is_current=True).values_list("code", flat=True))
    assert {"CN-KCNP-2023", "CN-PCC-1", "CN-PCC-2", "POPS", "CN-SRTC"} <= codes
    kcnp = RegulatoryList.objects.get(code="CN-KCNP-2023", is_current=True)
    assert kcnp.entries.count() == 14 and "第28号" in kcnp.document_number
    assert str(kcnp.effective) == "2023-03-01"


def test_loading_again_changes_nothing(org: None) -> None:
    outcome = regulatory_list_load(path=DATA_DIR / "CN-KCNP-2023.yaml")
    assert outcome.status == "unchanged"
    assert RegulatoryList.objects.filter(code="CN-KCNP-2023").count() == 1


def test_a_changed_file_becomes_a_new_revision(org: None, tmp_path: Path) -> None:
    # given a copy of the list with one more clause
    text = (DATA_DIR / "CN-SRTC.yaml").read_text(encoding="utf-8") + "\n# amended\n"
    path = tmp_path / "CN-SRTC.yaml"
    path.write_text(text, encoding="utf-8")
    old = RegulatoryList.objects.get(code="CN-SRTC", is_current=True)
    # when
    outcome = regulatory_list_load(path=path)
    # then the old revision is kept, no longer current, and its entries are untouched
    assert (outcome.status, outcome.revision) == ("new revision", 2)
    old.refresh_from_db()
    assert not old.is_current and old.entries.count() == 9
    assert RegulatoryList.objects.get(code="CN-SRTC", is_current=True).revision == 2


def test_a_file_with_a_bad_cas_number_is_refused_whole(org: None, tmp_path: Path) -> None:
    text = (DATA_DIR / "CN-SRTC.yaml").read_text(encoding="utf-8").replace("cas: 1763-23-1", "cas: 1763-23-2", 1)
    path = tmp_path / "CN-SRTC.yaml"
    path.write_text(text, encoding="utf-8")
    before = (RegulatoryList.objects.count(), ListEntry.objects.count())
    with pytest.raises(CommandError, match="1763-23-2"):
        call_command("regulations", "load", str(path))
    assert (RegulatoryList.objects.count(), ListEntry.objects.count()) == before


def test_every_measure_names_its_source(org: None) -> None:
    unsourced = ControlMeasure.objects.filter(entry__regulatory_list__is_current=True, source="")
    missing = [m for m in unsourced if not m.entry.regulatory_list.source_label]
    assert missing == []


def test_the_entry_page_shows_each_measure_with_its_source(personas: Personas) -> None:
    entry = ListEntry.objects.get(regulatory_list__code="CN-KCNP-2023", regulatory_list__is_current=True, item="2")
    page = client_for(personas.enterprise).get(reverse("regulations:entry_detail", args=[entry.pk])).content.decode()
    measures = re.findall(r'<li class="list-group-item">.*?</li>', page.split('id="measures"')[1], flags=re.S)
    assert len(measures) == entry.measures.count() > 0
    assert all("来源" in m or "Source" in m for m in measures)
    assert "全氟辛酸" in page


def test_the_list_page_names_its_document(personas: Personas) -> None:
    kcnp = RegulatoryList.objects.get(code="CN-KCNP-2023", is_current=True)
    page = client_for(personas.expert).get(kcnp.get_absolute_url()).content.decode()
    assert "第28号" in page and "mee.gov.cn" in page and page.count("<tr>") >= 14


def test_the_policy_sheet_gathers_every_entry_and_measure(personas: Personas) -> None:
    from npgov.substances.models import Substance

    pfos_k = Substance.objects.get(cas="2795-39-3")
    page = client_for(personas.department).get(reverse("regulations:policy_sheet", args=[pfos_k.pk])).content.decode()
    titles = RegulatoryList.objects.filter(is_current=True, code__in=["CN-KCNP-2023", "POPS"]).values_list(
        "title_zh", flat=True
    )
    assert all(title in page for title in titles) and len(titles) == 2
    assert page.count("policy-section") >= 2 and "data-print" in page  # the print button (static JS, no inline code)
    assert "禁止生产" in page  # a measure of the PFOS entry


def test_the_substance_page_lists_its_memberships(personas: Personas) -> None:
    from npgov.substances.models import Substance

    dcm = Substance.objects.get(cas="75-09-2")
    page = client_for(personas.expert).get(dcm.get_absolute_url()).content.decode()
    assert 'id="memberships"' in page and "CN-KCNP-2023 10" in page and "<svg" in page

"""Three-highs screening at province scale: a fixed number of queries however many substances are screened, and the
detection evidence read from the maintained monitoring statistics (issue 17: 636 queries, a 435 MB sort)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from npgov.monitoring.models import Result
from npgov.risk.selectors import three_highs
from npgov.substances.models import Substance
from tests.conftest import Personas, client_for
from tests.monitoring.factories import ResultFactory, SampleFactory, SiteFactory

pytestmark = pytest.mark.usefixtures("org")


def _measure(substances: list[Any], sites: int) -> None:
    """Each substance measured at ``sites`` new sites, detected at every other one."""
    for index in range(sites):
        sample = SampleFactory(site=SiteFactory(), sampled_at=datetime(2025, 5, 1 + index, tzinfo=UTC))
        for substance in substances:
            if index % 2:
                ResultFactory(sample=sample, substance=substance, value=2.0)
            else:
                ResultFactory(sample=sample, substance=substance, value=0.5, qualifier="lt_lod", value_reported="<0.5")


def _queries() -> tuple[int, list[str]]:
    three_highs(volume_threshold_t=100, detection_threshold=0.5)  # warm: the classifier is built once per data
    with CaptureQueriesContext(connection) as queries:
        rows = three_highs(volume_threshold_t=100, detection_threshold=0.5)
    assert rows
    return len(queries), [q["sql"] for q in queries]


def test_the_screening_runs_a_fixed_number_of_queries_however_many_substances() -> None:
    registry = list(Substance.objects.exclude(cas="").exclude(smiles="").order_by("pk")[:40])
    _measure(registry[:2], sites=2)
    small, _sql = _queries()
    _measure(registry[2:], sites=3)
    large, sql = _queries()
    assert large <= small, (small, large, sql)


def test_detection_evidence_equals_the_results() -> None:
    registry = list(Substance.objects.exclude(cas="").order_by("pk")[:3])
    _measure(registry, sites=4)
    rows = {r.substance.pk: r for r in three_highs(volume_threshold_t=100, detection_threshold=0.5)}
    for substance in registry:
        results = Result.objects.filter(substance=substance, matrix="water")
        row = rows[substance.pk]
        assert (row.results, row.sites) == (results.count(), results.values("site").distinct().count())
        assert row.detection_frequency == pytest.approx(results.filter(qualifier="detected").count() / results.count())
        assert row.high_detection  # 2 of 4 = 0.5, at the threshold


def test_the_screening_page_reads_no_results(personas: Personas) -> None:
    _measure(list(Substance.objects.exclude(cas="").order_by("pk")[:2]), sites=2)
    client = client_for(personas.bureau)
    client.get(reverse("risk:screening"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("risk:screening")).status_code == 200
    assert not [q["sql"] for q in queries if 'FROM "monitoring_result"' in q["sql"]]


def test_concern_is_classified_once_per_classifier_and_again_when_the_lists_change(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from npgov.risk import selectors

    calls: list[int] = []
    original = selectors.classify_substance

    def counting(substance: Any, **kwargs: Any) -> Any:
        calls.append(substance.pk)
        return original(substance, **kwargs)

    monkeypatch.setattr(selectors, "classify_substance", counting)
    monkeypatch.setitem(selectors._concerns, "classifier", None)
    first = {r.substance.pk: r.concern for r in three_highs(volume_threshold_t=100, detection_threshold=0.5)}
    assert calls and any(first.values())
    calls.clear()
    again = {r.substance.pk: r.concern for r in three_highs(volume_threshold_t=100, detection_threshold=0.5)}
    assert not calls and again == first  # the same classifier: nothing classified again
    from npgov.regulations.models import RegulatoryList

    RegulatoryList.objects.filter(is_current=True).update(updated_at=timezone.now())  # a list changed
    three_highs(volume_threshold_t=100, detection_threshold=0.5)
    assert calls  # a new classifier: every substance classified again

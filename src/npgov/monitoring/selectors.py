"""What the monitoring pages and API read: series, summaries with censored-data statistics, map values.

Every statistic comes from ``science.censored`` (Kaplan–Meier, robust ROS, lognormal MLE) or
``science.trends`` (Mann–Kendall, Sen's slope) and carries the name of its method, so a page can
always show how a number was obtained (DESIGN.md, "Censored data").
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import numpy as np
from django.db.models import Count, Max, Q, QuerySet
from django.utils.translation import gettext as _

from npgov.core.choices import Matrix
from npgov.core.models import District
from npgov.monitoring.choices import CANONICAL_UNIT, Qualifier, SiteKind
from npgov.monitoring.filtersets import in_district
from npgov.monitoring.models import Result, Site
from npgov.science.censored import summarise
from npgov.science.trends import mann_kendall

CENSORED = (Qualifier.BELOW_LOD.value, Qualifier.BELOW_LOQ.value)
MEASURED = Q(value__isnull=False) & ~Q(qualifier=Qualifier.NOT_ANALYSED)


@dataclass(frozen=True)
class Filters:
    """The filters every monitoring statistic takes (period, district, site kind)."""

    start: date | None = None
    end: date | None = None
    district: District | None = None
    kind: str = ""

    @classmethod
    def from_query(cls, params: Any) -> Filters:
        def day(name: str) -> date | None:
            try:
                return date.fromisoformat(params.get(name, "") or "")
            except ValueError:
                return None

        raw_district = params.get("district", "")
        district = District.objects.filter(pk=raw_district).first() if str(raw_district).isdigit() else None
        kind = params.get("kind", "")
        return cls(start=day("start"), end=day("end"), district=district, kind=kind if kind in SiteKind.values else "")

    def apply(self, results: QuerySet[Result]) -> QuerySet[Result]:
        if self.start:
            results = results.filter(sampled_at__date__gte=self.start)
        if self.end:
            results = results.filter(sampled_at__date__lte=self.end)
        if self.kind:
            results = results.filter(site__kind=self.kind)
        return in_district(results, "site__district", self.district)

    def as_query(self) -> dict[str, str]:
        query = {"start": self.start.isoformat() if self.start else "", "end": self.end.isoformat() if self.end else ""}
        query.update(district=str(self.district.pk) if self.district else "", kind=self.kind)
        return {k: v for k, v in query.items() if v}


def visible_results(*, user: Any, filters: Filters | None = None) -> QuerySet[Result]:
    results = Result.objects.restrict(user, "view").filter(MEASURED)
    return (filters or Filters()).apply(results)


def _arrays(rows: list[tuple[float, str]]) -> tuple[np.ndarray, np.ndarray]:
    values = np.fromiter((r[0] for r in rows), dtype=float, count=len(rows))
    censored = np.fromiter((r[1] in CENSORED for r in rows), dtype=bool, count=len(rows))
    return values, censored


def summary_row(values: np.ndarray, censored: np.ndarray) -> dict[str, Any]:
    """The censored-data summary plus the plain facts a table shows beside it."""
    summary = dict(summarise(values, censored))
    detected = values[~censored]
    summary["max_detected"] = float(detected.max()) if detected.size else None
    summary["max_limit"] = float(values[censored].max()) if censored.any() else None
    return summary


def grouped_summaries(results: QuerySet[Result], group: str) -> list[dict[str, Any]]:
    """Per value of ``group`` (a lookup such as ``site__kind``), the censored-data summary of one substance's results.

    The caller restricts ``results`` to one substance and matrix: pooling substances or units is meaningless.
    """
    buckets: dict[Any, list[tuple[float, str]]] = defaultdict(list)
    for key, value, qualifier in results.values_list(group, "value", "qualifier").iterator(chunk_size=10000):
        buckets[key].append((value, qualifier))
    rows = []
    for key, items in buckets.items():
        values, censored = _arrays(items)
        rows.append({"key": key, **summary_row(values, censored)})
    return sorted(rows, key=lambda r: str(r["key"]))


def substance_monitoring(*, substance: Any, user: Any, filters: Filters) -> dict[str, Any]:
    """The substance page's monitoring tab: detection frequency and KM statistics by site kind and district."""
    results = visible_results(user=user, filters=filters).filter(substance=substance)
    matrices = list(results.values("matrix").annotate(n=Count("id")).order_by("-n"))
    blocks = []
    kind_labels = dict(SiteKind.choices)
    district_names = dict(District.objects.values_list("pk", "name_zh"))
    for entry in matrices:
        in_matrix = results.filter(matrix=entry["matrix"])
        values, censored = _arrays(list(in_matrix.values_list("value", "qualifier")))
        by_kind = grouped_summaries(in_matrix, "site__kind")
        for row in by_kind:
            row["label"] = kind_labels.get(row["key"], row["key"])
        by_district = grouped_summaries(in_matrix, "site__district")
        for row in by_district:
            row["label"] = district_names.get(row["key"], row["key"])
        blocks.append({
            "matrix": entry["matrix"], "matrix_label": Matrix(entry["matrix"]).label,
            "unit": CANONICAL_UNIT.get(entry["matrix"], ""), "overall": summary_row(values, censored),
            "tables": [(_("site kind"), by_kind, "np-by-kind"), (_("district"), by_district, "np-by-district")],
            "sites": in_matrix.values("site").distinct().count(),
        })  # fmt: skip
    return {"blocks": blocks, "filters": filters}


def site_substances(*, site: Site, user: Any, filters: Filters) -> list[dict[str, Any]]:
    """Per substance (and matrix) at a site: summary statistics and the Mann–Kendall trend."""
    results = visible_results(user=user, filters=filters).filter(sample__site=site)  # through the sample index
    series: dict[tuple[int, str], list[tuple[datetime, float, str]]] = defaultdict(list)
    for substance_id, matrix, moment, value, qualifier in results.order_by("sampled_at").values_list(
        "substance_id", "matrix", "sampled_at", "value", "qualifier"
    ):
        series[(substance_id, matrix)].append((moment, value, qualifier))
    from npgov.substances.models import Substance

    names = {s.pk: s for s in Substance.objects.filter(pk__in={k[0] for k in series})}
    rows = []
    for (substance_id, matrix), points in series.items():
        values, censored = _arrays([(p[1], p[2]) for p in points])
        trend = mann_kendall([p[0] for p in points], values, censored)
        rows.append({
            "substance": names[substance_id], "matrix": matrix, "matrix_label": Matrix(matrix).label,
            "unit": CANONICAL_UNIT.get(matrix, ""),
            "summary": summary_row(values, censored), "trend": trend, "first": points[0][0], "last": points[-1][0],
        })  # fmt: skip
    return sorted(rows, key=lambda r: (-r["summary"]["n"], r["substance"].name_zh))


def site_series(*, site: Site, substance_id: int, matrix: str, user: Any, filters: Filters) -> dict[str, Any]:
    """Chart data: detects as [time, value]; non-detects as [time, limit], drawn apart."""
    results = visible_results(user=user, filters=filters).filter(
        sample__site=site, substance_id=substance_id, matrix=matrix
    )
    detected, below = [], []
    for moment, value, qualifier in results.order_by("sampled_at").values_list("sampled_at", "value", "qualifier"):
        point = [moment.isoformat(), value]
        (below if qualifier in CENSORED else detected).append(point)
    return {"detected": detected, "censored": below, "unit": CANONICAL_UNIT.get(matrix, "")}


MAP_STATISTICS = {
    "detection_frequency": lambda: _("detection frequency"),
    "km_mean": lambda: _("Kaplan–Meier mean"),
    "max_detected": lambda: _("maximum detected"),
    "n": lambda: _("number of results"),
}


def map_sites(
    *, user: Any, substance_id: int | None, statistic: str, filters: Filters, matrix: str = "water"
) -> dict[str, Any]:
    """Sites with coordinates and, for a substance in one matrix, the chosen statistic per site.

    One matrix at a time: pooling ng/L with ng/g would be meaningless.
    """
    sites = Site.objects.restrict(user, "view").filter(active=True)
    if filters.kind:
        sites = sites.filter(kind=filters.kind)
    sites = in_district(sites, "district", filters.district)
    kind_labels = dict(SiteKind.choices)
    features = {
        s.pk: {"id": s.pk, "code": s.code, "name": s.name, "kind": kind_labels.get(s.kind, s.kind),
               "lat": s.latitude, "lon": s.longitude, "url": s.get_absolute_url(), "value": None, "n": 0}
        for s in sites.only("pk", "code", "name", "kind", "latitude", "longitude")
    }  # fmt: skip
    method = ""
    if substance_id:
        results = visible_results(user=user, filters=filters).filter(
            substance_id=substance_id, matrix=matrix, site_id__in=features
        )
        if statistic == "km_mean":
            buckets: dict[int, list[tuple[float, str]]] = defaultdict(list)
            for site_id, value, qualifier in results.values_list("site_id", "value", "qualifier").iterator(
                chunk_size=10000
            ):
                buckets[site_id].append((value, qualifier))
            for site_id, items in buckets.items():
                values, censored = _arrays(items)
                summary = summarise(values, censored)
                features[site_id]["value"] = summary["km"]["mean"]
                features[site_id]["n"] = summary["n"]
                method = summary["methods"].get("km", "")
        else:
            counts = results.values("site_id").annotate(
                n=Count("id"),
                detected=Count("id", filter=Q(qualifier=Qualifier.DETECTED)),
                max_detected=Max("value", filter=Q(qualifier=Qualifier.DETECTED)),
            )
            for row in counts:
                feature = features[row["site_id"]]
                feature["n"] = row["n"]
                feature["value"] = {
                    "detection_frequency": row["detected"] / row["n"] if row["n"] else None,
                    "max_detected": row["max_detected"],
                    "n": row["n"],
                }.get(statistic)
            method = {
                "detection_frequency": _("detects / results (non-detects at any limit count as not detected)"),
                "max_detected": _("largest detected value; non-detects ignored"),
                "n": _("count of results, non-detects included"),
            }.get(statistic, "")
    label = MAP_STATISTICS.get(statistic, MAP_STATISTICS["detection_frequency"])()
    unit = CANONICAL_UNIT.get(matrix, "")
    return {"sites": list(features.values()), "statistic": statistic, "label": label, "method": method, "unit": unit}


def site_list_annotations(queryset: QuerySet[Site]) -> QuerySet[Site]:
    return queryset.annotate(sample_count=Count("samples", distinct=True), last_sampled=Max("samples__sampled_at"))

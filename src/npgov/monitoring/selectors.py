"""What the monitoring pages and API read: series, summaries with censored-data statistics, map values.

Every statistic comes from ``science.censored`` (Kaplan–Meier, robust ROS, lognormal MLE) or
``science.trends`` (Mann–Kendall, Sen's slope) and carries the name of its method, so a page can
always show how a number was obtained (DESIGN.md, "Censored data").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import numpy as np
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BooleanField, Count, ExpressionWrapper, Max, Q, QuerySet
from django.utils.translation import gettext as _

from npgov.core.choices import Matrix
from npgov.core.models import District
from npgov.monitoring.choices import CANONICAL_UNIT, Qualifier, SiteKind
from npgov.monitoring.filtersets import in_district
from npgov.monitoring.models import Result, Site
from npgov.science.censored import detection_frequency, summarise
from npgov.science.trends import mann_kendall
from npgov.substances.selectors import substances_by_id

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
    names = substances_by_id(ids={k[0] for k in series})
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
                    "detection_frequency": detection_frequency(row["detected"], row["n"]),
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


def site_codes(*, compartment: str | None = None) -> dict[int, str]:
    """site id → code, of every site or of the sites a compartment reads (see :func:`measurements`)."""
    sites = Site.objects.all()
    if compartment is not None:
        sites = _compartment_sites(sites, compartment, prefix="")
    return dict(sites.values_list("pk", "code"))


def sites_by_pk(*, pks: Iterable[int]) -> dict[int, Site]:
    """The sites with these ids (for a map or a table of results per site), by id."""
    return {site.pk: site for site in Site.objects.filter(pk__in=set(pks))}


def substance_detections(*, matrix: str = Matrix.WATER) -> list[dict[str, Any]]:
    """Per substance measured in ``matrix`` (all sites): results, detects, sites and the detection frequency."""
    rows = (
        Result.objects.filter(matrix=matrix, value__isnull=False)
        .values("substance")
        .annotate(n=Count("id"), detected=Count("id", filter=Q(qualifier=Qualifier.DETECTED)),
                  sites=Count("site", distinct=True))
    )  # fmt: skip
    return [{"substance_id": row["substance"], "n": row["n"], "detected": row["detected"], "sites": row["sites"],
             "detection_frequency": detection_frequency(row["detected"], row["n"])} for row in rows]  # fmt: skip


# --- measurements: what a risk assessment reads -------------------------------------------------------------------

# The compartments of a risk assessment and the results each reads: the matrix, and which sites (by kind).
COMPARTMENTS = ("freshwater", "marine", "sediment", "drinking_water")


def _compartment_sites(queryset: QuerySet[Any], compartment: str, *, prefix: str) -> QuerySet[Any]:
    """Fresh water: every site but coastal ones; marine: coastal sites; sediment: every site (its results are in
    ng/g dw like the sediment PNECs); drinking water: drinking-water sources.

    ``prefix`` is the lookup from ``queryset``'s model to the site ("site__" or "").
    """
    if compartment not in COMPARTMENTS:
        raise ValueError(f"compartment must be one of {COMPARTMENTS}")
    kind = f"{prefix}kind"
    if compartment == "marine":
        return queryset.filter(**{kind: SiteKind.COASTAL})
    if compartment == "freshwater":
        return queryset.exclude(**{kind: SiteKind.COASTAL})
    if compartment == "drinking_water":
        return queryset.filter(**{kind: SiteKind.DRINKING_WATER})
    return queryset


def compartment_matrix(compartment: str) -> str:
    """The monitoring matrix a compartment's results are in (and so their unit: ``CANONICAL_UNIT``)."""
    return Matrix.SEDIMENT if compartment == "sediment" else Matrix.WATER


def compartment_results(
    *,
    compartment: str,
    period: tuple[date | None, date | None] = (None, None),
    substances: Iterable[int] | None = None,
    sites: Iterable[int] | None = None,
) -> QuerySet[Result]:
    """The results with a value that a compartment's assessment reads, sampled within ``period`` (either end open)."""
    results = Result.objects.filter(matrix=compartment_matrix(compartment), value__isnull=False)
    results = _compartment_sites(results, compartment, prefix="site__")
    if sites is not None:
        results = results.filter(site_id__in=list(sites))
    if substances is not None:
        results = results.filter(substance_id__in=list(substances))
    start, end = period
    if start:
        results = results.filter(sampled_at__date__gte=start)
    if end:
        results = results.filter(sampled_at__date__lte=end)
    return results


@dataclass(frozen=True, eq=False)
class Measurements:
    """The results a compartment's assessment reads, as columns (one row per result, in no particular order).

    ``value`` is in the matrix's canonical unit; a non-detect is its limit with ``censored`` True.
    """

    site: np.ndarray  # int64 site ids
    substance: np.ndarray  # int64 substance ids
    value: np.ndarray  # float64
    censored: np.ndarray  # bool
    sampled_at: np.ndarray | None  # datetime64[us] (UTC), only when asked for
    last_result_id: int | None  # the newest result read, recorded with a run

    @property
    def limit(self) -> np.ndarray:
        """The limit each non-detect is censored at; NaN for a detect."""
        return np.where(self.censored, self.value, np.nan)

    def __len__(self) -> int:
        return int(self.value.size)


def measurements(
    *,
    compartment: str,
    period: tuple[date | None, date | None] = (None, None),
    substances: Iterable[int] | None = None,
    sites: Iterable[int] | None = None,
    with_sampled_at: bool = False,
) -> Measurements:
    """Site, substance, value and censored flag (and the sampling time when asked) of a compartment's results.

    The compartment decides the matrix and the sites (:func:`compartment_results`); ``CENSORED`` the
    non-detects. PostgreSQL: one binary ``COPY`` of the query, parsed in place by numpy — at 10⁷ results the
    ORM's row objects would cost more than the whole run. Elsewhere (SQLite) the ORM's rows.
    """
    results = compartment_results(compartment=compartment, period=period, substances=substances, sites=sites)
    last_id = results.order_by("-id").values_list("id", flat=True).first()
    names = _COLUMNS + (("sampled_at",) if with_sampled_at else ())
    rows = results.order_by().annotate(
        censored=ExpressionWrapper(Q(qualifier__in=CENSORED), output_field=BooleanField())
    ).values_list(*names)  # fmt: skip
    columns = _copy_columns(rows, names) if connection.vendor == "postgresql" else None
    if columns is None:
        columns = _orm_columns(rows, names)
    return Measurements(site=columns["site_id"], substance=columns["substance_id"], value=columns["value"],
                        censored=columns["censored"], sampled_at=columns.get("sampled_at"),
                        last_result_id=last_id)  # fmt: skip


_COLUMNS = ("site_id", "substance_id", "value", "censored")
_DTYPES = {"site_id": np.int64, "substance_id": np.int64, "value": float, "censored": bool,
           "sampled_at": "datetime64[us]"}  # fmt: skip
# PostgreSQL's binary COPY of those columns (bigint, bigint, double precision, boolean[, timestamptz]; none NULL):
# a 19-byte header, then per row the field count and each field's length and bytes, then a 2-byte trailer
_HEADER, _TRAILER = 19, 2
_COPY_FIELDS = {"site_id": (">i8", 8), "substance_id": (">i8", 8), "value": (">f8", 8), "censored": ("?", 1),
                "sampled_at": (">i8", 8)}  # fmt: skip
_POSTGRES_EPOCH = np.datetime64("2000-01-01T00:00:00", "us")  # a binary timestamptz counts µs from it


def _orm_columns(rows: Any, names: tuple[str, ...]) -> dict[str, np.ndarray]:
    listed = list(rows.iterator(chunk_size=20000))
    columns = zip(*listed, strict=True) if listed else [() for _name in names]
    out = {}
    for name, column in zip(names, columns, strict=True):
        if name == "sampled_at":  # aware datetimes in UTC
            column = [moment.replace(tzinfo=None) for moment in column]
        out[name] = np.array(column, dtype=_DTYPES[name])
    return out


def _copy_columns(rows: Any, names: tuple[str, ...]) -> dict[str, np.ndarray] | None:
    """The rows through a binary COPY; None if the stream is not the fixed layout expected (then use the ORM)."""
    try:
        query, params = rows.query.sql_with_params()
    except EmptyResultSet:  # e.g. no substance asked for: nothing to read
        return {name: np.zeros(0, dtype=_DTYPES[name]) for name in names}
    layout, lengths = [("fields", ">i2")], {"fields": len(names)}
    for index, name in enumerate(names):
        code, size = _COPY_FIELDS[name]
        layout += [(f"l{index}", ">i4"), (name, code)]
        lengths[f"l{index}"] = size
    row = np.dtype(layout)
    buffer = bytearray()
    with connection.cursor() as cursor, cursor.connection.cursor().copy(
        f"COPY ({query}) TO STDOUT (FORMAT binary)", params
    ) as copy:  # fmt: skip
        for block in copy:
            buffer += block
    body = memoryview(buffer)[_HEADER : len(buffer) - _TRAILER]
    if len(buffer) < _HEADER + _TRAILER or len(body) % row.itemsize:
        return None
    raw = np.frombuffer(body, dtype=row)
    if any((raw[name] != length).any() for name, length in lengths.items()):
        return None
    out = {name: raw[name].astype(raw.dtype[name].newbyteorder("=")) for name in names if name != "sampled_at"}
    if "sampled_at" in names:
        out["sampled_at"] = _POSTGRES_EPOCH + raw["sampled_at"].astype(np.int64).astype("timedelta64[us]")
    return out

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
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, Max, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from npgov.core.choices import Matrix
from npgov.core.models import District
from npgov.core.numbers import CONCENTRATION, field_range
from npgov.monitoring.choices import CANONICAL_UNIT, Qualifier, SiteKind
from npgov.monitoring.filtersets import in_district
from npgov.monitoring.models import Result, SeriesSummary, Site, SummaryCell
from npgov.monitoring.pooling import Source, group_slice, km_table, regroup, visible_cells, whole_years
from npgov.science.censored import METHODS, detection_frequency, summarise
from npgov.science.trends import mann_kendall
from npgov.substances.selectors import substances_by_id

CENSORED = (Qualifier.BELOW_LOD.value, Qualifier.BELOW_LOQ.value)
_VALUE_RANGE = field_range(Result, "value") or CONCENTRATION
# A stored value within the model's declared range. Nothing else can be stored now (importer, validators,
# check constraints: issue #16), but a value written before (infinity, NaN on PostgreSQL) is left out of
# every statistic, series, map and risk input rather than breaking the page that reads it.
FINITE = Q(value__gte=_VALUE_RANGE.minimum, value__lte=_VALUE_RANGE.maximum)
MEASURED = FINITE & ~Q(qualifier=Qualifier.NOT_ANALYSED)


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

    @property
    def whole_years(self) -> bool:
        """Whether the period is open or whole calendar years (answered from the maintained cells)."""
        return whole_years(self.start, self.end) is not None

    def source(self, user: Any) -> Source:
        """What the statistics of these filters read: the maintained cells for whole years (or no period), the
        raw results when a day-level start or end cuts a year (exact either way; see ``monitoring.pooling``)."""
        years = whole_years(self.start, self.end)
        if years is None:
            return Source(visible_results(user=user, filters=self), cells=False)
        cells = visible_cells(user)
        first, last = years
        if first is not None:
            cells = cells.filter(year__gte=first)
        if last is not None:
            cells = cells.filter(year__lte=last)
        if self.kind:
            cells = cells.filter(site__kind=self.kind)
        return Source(in_district(cells, "site__district", self.district), cells=True)


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


def group_summaries(keys: list[Any], data: Any) -> list[dict[str, Any]]:
    """Per pooled group (``monitoring.pooling``): ``{"key": key, **summary_row}``, sorted by the key's text."""
    rows = [{"key": key, **summary_row(*group_slice(data, index))} for index, key in enumerate(keys)]
    return sorted(rows, key=lambda r: str(r["key"]))


def grouped_summaries(source: Source, group: str) -> list[dict[str, Any]]:
    """Per value of ``group`` (a lookup such as ``site__kind``), the censored-data summary of ``source``.

    The caller restricts ``source`` to one substance and matrix: pooling substances or units is meaningless.
    One query, whichever the source.
    """
    return group_summaries(*source.pooled(group))


def substance_monitoring(*, substance: Any, user: Any, filters: Filters) -> dict[str, Any]:
    """The substance page's monitoring tab: detection frequency and KM statistics by site kind and district.

    One read of the substance's cells (or, for a day-level period, of its results), grouped per site, then merged
    into matrices, site kinds and districts in memory.
    """
    source = filters.source(user).filter(substance=substance)
    return {"blocks": _substance_blocks(source, district_label=_district_names_zh()), "filters": filters}


def _district_names_zh() -> Any:
    names = dict(District.objects.values_list("pk", "name_zh"))
    return lambda pk: names.get(pk, pk)


def _substance_blocks(source: Source, *, district_label: Any) -> list[dict[str, Any]]:
    """Per matrix (most results first): overall summary, by site kind, by district, and the number of sites."""
    keys, data = source.pooled("matrix", "site__kind", "site__district", "site")  # a group per site
    kind_labels = dict(SiteKind.choices)
    matrices, by_matrix = regroup(keys, data, lambda key: key[0])
    by_kind = _split_by_matrix(*regroup(keys, data, lambda key: (key[0], key[1])))
    by_district = _split_by_matrix(*regroup(keys, data, lambda key: (key[0], key[2])))
    blocks = []
    for index in sorted(range(len(matrices)), key=lambda i: (-int(by_matrix.n[i]), matrices[i])):
        matrix = matrices[index]
        kinds, districts = by_kind.get(matrix, []), by_district.get(matrix, [])
        for row in kinds:
            row["label"] = kind_labels.get(row["key"], row["key"])
        for row in districts:
            row["label"] = district_label(row["key"])
        blocks.append({
            "matrix": matrix, "matrix_label": Matrix(matrix).label, "unit": CANONICAL_UNIT.get(matrix, ""),
            "overall": summary_row(*group_slice(by_matrix, index)),
            "tables": [(_("site kind"), kinds, "np-by-kind"), (_("district"), districts, "np-by-district")],
            "by_kind": kinds, "by_district": districts, "sites": len({key[3] for key in keys if key[0] == matrix}),
        })  # fmt: skip
    return blocks


def _split_by_matrix(keys: list[tuple[str, Any]], data: Any) -> dict[str, list[dict[str, Any]]]:
    """Summaries of (matrix, group) keys → per matrix, rows keyed by the group alone, sorted by its text."""
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in group_summaries(keys, data):
        matrix, row["key"] = row["key"]
        out[matrix].append(row)
    for rows in out.values():
        rows.sort(key=lambda r: str(r["key"]))
    return out


def site_substances(*, site: Site, user: Any, filters: Filters) -> list[dict[str, Any]]:
    """Per substance (and matrix) at a site: summary statistics and the Mann–Kendall trend.

    Without a period: the maintained series rows (one query). A period needs the series in time order for its
    trend, which yearly cells do not keep: then the site's results, read through the sample index.
    """
    if filters.start or filters.end or _series_pending(site):
        return _site_substances_raw(site=site, user=user, filters=filters)
    series = visible_series(user).filter(site=site)
    if filters.kind:
        series = series.filter(site__kind=filters.kind)
    series = in_district(series, "site__district", filters.district)
    stored = list(series.values_list("substance_id", "matrix", "summary", "trend", "first_sampled", "last_sampled"))
    names = substances_by_id(ids={row[0] for row in stored})
    rows = [
        {"substance": names[substance_id], "matrix": matrix, "matrix_label": Matrix(matrix).label,
         "unit": CANONICAL_UNIT.get(matrix, ""), "summary": summary, "trend": trend, "first": first, "last": last}
        for substance_id, matrix, summary, trend, first, last in stored if substance_id in names
    ]  # fmt: skip
    return sorted(rows, key=lambda r: (-r["summary"]["n"], r["substance"].name_zh))


def _series_pending(site: Site) -> bool:
    """Whether a series of the site waits for the statistics job (its cells are written, its row is not yet)."""
    row = SeriesSummary.objects.filter(
        site_id=OuterRef("site_id"), substance_id=OuterRef("substance_id"), matrix=OuterRef("matrix")
    )
    return SummaryCell.objects.filter(site=site).filter(~Exists(row)).exists()


def visible_series(user: Any | None) -> QuerySet[SeriesSummary]:
    """The series rows of the sites ``user`` may read results of (None: every one)."""
    series = SeriesSummary.objects.all()
    return series if user is None else Result.scope.apply(series, user, "view")


def _site_substances_raw(*, site: Site, user: Any, filters: Filters) -> list[dict[str, Any]]:
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
        # the active sites of the same scope and filters as ``features`` (a join, not a list of 400 ids)
        source = filters.source(user).filter(substance_id=substance_id, matrix=matrix, site__active=True)
        if statistic == "km_mean":
            for site_id, stats in km_table(*source.pooled("site")).items():
                if site_id in features:
                    features[site_id]["value"] = stats["km_mean"]
                    features[site_id]["n"] = stats["n"]
                    method = METHODS["km"]
        else:
            counts = (
                source.rows.order_by()
                .values("site")
                .annotate(n=source.n(), detected=source.detected(), max_detected=source.max_detected())
            )
            for row in counts:
                feature = features.get(row["site"])
                if feature is None:
                    continue
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


# The cells' version in the shared cache: ``summaries`` moves it on whenever it writes or removes cells (at once
# and again when the transaction commits), so that a total computed from the cells is kept until they change.
CELLS_VERSION_KEY = "monitoring:cells-version"
TOTALS_CACHE_SECONDS = 3600  # the bound on a missed version move (a process that died between commit and move)


def cells_stamp() -> str:
    """What identifies the current cells: the version ``summaries`` moves on, and the newest cell (cells are
    rewritten, never updated, so a write always makes a newer one)."""
    version = cache.get(CELLS_VERSION_KEY)
    if version is None:
        cache.add(CELLS_VERSION_KEY, 1, timeout=None)
        version = cache.get(CELLS_VERSION_KEY, 1)
    newest = SummaryCell.objects.order_by("-pk").values_list("pk", flat=True).first()
    return f"{version}:{newest}"


def substance_detections(*, matrix: str = Matrix.WATER) -> list[dict[str, Any]]:
    """Per substance measured in ``matrix`` (all sites): results, detects, sites and the detection frequency.

    From the maintained cells: one grouped query over a row per site × substance × year, never the results.
    At 400,000 cells that query takes about 80 ms, so its answer is kept in the shared cache under the cells'
    stamp (:func:`cells_stamp`) and recomputed only after the cells change.
    """
    key = f"monitoring:substance-detections:{matrix}:{cells_stamp()}"
    rows = cache.get(key)
    if rows is None:
        rows = list(
            visible_cells(None)
            .filter(matrix=matrix)
            .order_by()
            .values_list("substance")
            .annotate(n=Sum("n"), detected=Sum("detected"), sites=Count("site", distinct=True))
        )
        cache.set(key, rows, timeout=TOTALS_CACHE_SECONDS)
    return [
        {"substance_id": substance, "n": n, "detected": detected, "sites": sites,
         "detection_frequency": detection_frequency(detected, n)}
        for substance, n, detected, sites in rows
    ]  # fmt: skip


def measured_substance_ids(*, user: Any) -> QuerySet[Any]:
    """The ids of the substances with results the user may read, as a subquery (the map's substance choices)."""
    return visible_cells(user).values("substance_id")


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
    results = Result.objects.filter(FINITE, matrix=compartment_matrix(compartment))
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


# --- public aggregates: what the public portal reads ------------------------------------------------------------
# Monitoring data of the public network are public environmental information: these selectors take no user and
# read every site. A site kind that were an enterprise's own outfall (self-monitoring) would be left out here; no
# kind is one today (SiteKind: water bodies, soil, parks, farm areas and municipal sewage plants), so the set is
# empty and named only so that a future kind is added to it.
PUBLIC_EXCLUDED_KINDS: frozenset[str] = frozenset()
PUBLIC_KM_METHOD = "km"  # the statistic the portal shows, as on the internal pages (science.censored.METHODS)


def public_site_kinds() -> list[tuple[str, Any]]:
    """The site kinds the portal offers as a filter (value, label)."""
    return [(value, label) for value, label in SiteKind.choices if value not in PUBLIC_EXCLUDED_KINDS]


def public_districts() -> list[District]:
    """The districts and counties with a public monitoring site, or a zone under them (the district filter)."""
    ids = Site.objects.exclude(kind__in=PUBLIC_EXCLUDED_KINDS).values("district")
    districts = District.objects.filter(Q(pk__in=ids) | Q(children__in=ids)).exclude(kind__in=("province", "city"))
    return list(districts.distinct().order_by("code"))


@dataclass(frozen=True)
class PublicFilters:
    """The portal's monitoring filters: district (by its GB/T 2260 code), site kind, substance, year."""

    district: District | None = None
    kind: str = ""
    substance_id: int | None = None
    year: int | None = None

    @classmethod
    def from_query(cls, params: Any) -> PublicFilters:
        code = str(params.get("district", "") or "").strip()
        district = District.objects.filter(code=code).first() if code.isdigit() and len(code) <= 12 else None
        kind = str(params.get("kind", "") or "")
        kind = kind if kind in SiteKind.values and kind not in PUBLIC_EXCLUDED_KINDS else ""
        raw_substance = str(params.get("substance", "") or "")
        substance_id = int(raw_substance) if raw_substance.isdigit() and len(raw_substance) < 12 else None
        raw_year = str(params.get("year", "") or "")
        year = int(raw_year) if raw_year.isdigit() and 2000 <= int(raw_year) <= 2100 else None
        return cls(district=district, kind=kind, substance_id=substance_id, year=year)

    def as_query(self) -> dict[str, str]:
        query = {
            "district": self.district.code if self.district else "",
            "kind": self.kind,
            "substance": str(self.substance_id or ""),
            "year": str(self.year or ""),
        }
        return {k: v for k, v in query.items() if v}


def public_source(filters: PublicFilters | None = None) -> Source:
    """The maintained cells of every public site, filtered by district, kind, substance and year.

    The portal's period is a whole calendar year, so it is always answered from the cells (measured results only).
    """
    filters = filters or PublicFilters()
    cells = visible_cells(None)
    if PUBLIC_EXCLUDED_KINDS:
        cells = cells.exclude(site__kind__in=PUBLIC_EXCLUDED_KINDS)
    if filters.kind:
        cells = cells.filter(site__kind=filters.kind)
    if filters.substance_id:
        cells = cells.filter(substance_id=filters.substance_id)
    if filters.year:
        cells = cells.filter(year=filters.year)
    return Source(in_district(cells, "site__district", filters.district), cells=True)


def public_results(filters: PublicFilters | None = None) -> QuerySet[Result]:
    """Every measured result of a public site kind, filtered by district, kind, substance and year (the raw rows,
    for exports and checks; the portal's statistics read :func:`public_source`)."""
    filters = filters or PublicFilters()
    results = Result.objects.filter(MEASURED)
    if PUBLIC_EXCLUDED_KINDS:
        results = results.exclude(site__kind__in=PUBLIC_EXCLUDED_KINDS)
    if filters.kind:
        results = results.filter(site__kind=filters.kind)
    if filters.substance_id:
        results = results.filter(substance_id=filters.substance_id)
    if filters.year:
        start = timezone.make_aware(datetime(filters.year, 1, 1))
        results = results.filter(
            sampled_at__gte=start, sampled_at__lt=timezone.make_aware(datetime(filters.year + 1, 1, 1))
        )
    return in_district(results, "site__district", filters.district)


def public_years() -> list[int]:
    """The years with public monitoring results, newest first (distinct years of the cells: one query)."""
    return list(public_source().rows.order_by("-year").values_list("year", flat=True).distinct())


def public_substance_ids() -> list[int]:
    """The substances with public monitoring results."""
    return list(public_source().rows.order_by().values_list("substance_id", flat=True).distinct())


def public_group_counts(*, filters: PublicFilters, group: str) -> list[dict[str, Any]]:
    """Per district or site kind: sites, substances, results, detects and the share of results with a detect.

    Over all substances when no substance is chosen (a count, never a pooled concentration); with a substance,
    also the Kaplan–Meier mean per group in the substance's main matrix (``public_main_matrix``).
    """
    if group not in ("district", "kind"):
        raise ValueError("group must be district or kind")
    lookup = "site__district" if group == "district" else "site__kind"
    source = public_source(filters)
    rows = list(
        source.rows.order_by().values(lookup).annotate(
            n=source.n(), detected=source.detected(), sites=Count("site", distinct=True),
            substances=Count("substance", distinct=True), last=source.last(),
        )
    )  # fmt: skip
    labels: dict[Any, Any]
    if group == "district":
        districts = District.objects.in_bulk([row[lookup] for row in rows])
        labels = {pk: d.name_zh for pk, d in districts.items()}
        codes = {pk: d.code for pk, d in districts.items()}
    else:
        labels, codes = dict(SiteKind.choices), {}
    km: dict[Any, dict[str, Any]] = {}
    if filters.substance_id:
        matrix = public_main_matrix(filters)
        km = km_table(*source.filter(matrix=matrix).pooled(lookup)) if matrix else {}
    out = []
    for row in rows:
        key = row[lookup]
        out.append({
            "key": key, "code": codes.get(key, key), "label": str(labels.get(key, key)), "n": row["n"],
            "detected": row["detected"], "detection_frequency": detection_frequency(row["detected"], row["n"]),
            "sites": row["sites"], "substances": row["substances"], "last": row["last"],
            "km_mean": km.get(key, {}).get("km_mean"), "max_detected": km.get(key, {}).get("max_detected"),
        })  # fmt: skip
    return sorted(out, key=lambda r: str(r["code"]))


def public_main_matrix(filters: PublicFilters) -> str:
    """The matrix with the most results in the selection (statistics are per matrix: units differ)."""
    source = public_source(filters)
    row = source.rows.order_by().values("matrix").annotate(total=source.n()).order_by("-total", "matrix").first()
    return row["matrix"] if row else ""


def public_by_substance(*, filters: PublicFilters) -> list[dict[str, Any]]:
    """Per substance and matrix: results, sites, detection frequency, KM mean and largest detect (canonical unit)."""
    source = public_source(filters)
    stats = km_table(*source.pooled("substance_id", "matrix"))
    sites = {
        (row["substance_id"], row["matrix"]): row["sites"]
        for row in source.rows.order_by().values("substance_id", "matrix").annotate(sites=Count("site", distinct=True))
    }
    names = substances_by_id(ids={key[0] for key in stats})
    rows = []
    for (substance_id, matrix), row in stats.items():
        rows.append({
            "substance": names.get(substance_id), "substance_id": substance_id, "matrix": matrix,
            "matrix_label": Matrix(matrix).label, "unit": CANONICAL_UNIT.get(matrix, ""),
            "sites": sites.get((substance_id, matrix), 0), **row,
        })  # fmt: skip
    return sorted(rows, key=lambda r: (-(r["detection_frequency"] or 0), -r["n"], r["substance_id"]))


def public_sites(*, filters: PublicFilters) -> dict[str, Any]:
    """The active public sites of the selection for the map, each with results, detects and (with a substance, in
    its main matrix) the Kaplan–Meier mean; coordinates as stored (WGS 84)."""
    sites: QuerySet[Site] = Site.objects.filter(active=True).exclude(kind__in=PUBLIC_EXCLUDED_KINDS)
    sites = sites.select_related("district")
    if filters.kind:
        sites = sites.filter(kind=filters.kind)
    sites = in_district(sites, "district", filters.district)
    kind_labels = dict(SiteKind.choices)
    features = {
        s.pk: {"id": s.pk, "code": s.code, "name": s.name, "kind": str(kind_labels.get(s.kind, s.kind)),
               "district": s.district.name_zh, "district_code": s.district.code, "lat": s.latitude,
               "lon": s.longitude, "n": 0, "detected": 0, "detection_frequency": None, "km_mean": None}
        for s in sites.only("pk", "code", "name", "kind", "latitude", "longitude", "district__name_zh",
                            "district__code")
    }  # fmt: skip
    source = public_source(filters).filter(site__active=True)  # the sites above, by a join
    for row in source.rows.order_by().values("site").annotate(n=source.n(), detected=source.detected()):
        feature = features.get(row["site"])
        if feature is not None:
            feature.update(n=row["n"], detected=row["detected"],
                           detection_frequency=detection_frequency(row["detected"], row["n"]))  # fmt: skip
    matrix = ""
    if filters.substance_id:
        matrix = public_main_matrix(filters)
        if matrix:
            for site_id, stats in km_table(*source.filter(matrix=matrix).pooled("site")).items():
                if site_id in features:
                    features[site_id]["km_mean"] = stats["km_mean"]
    return {"sites": list(features.values()), "matrix": matrix, "unit": CANONICAL_UNIT.get(matrix, "")}


def public_yearly(*, filters: PublicFilters) -> list[dict[str, Any]]:
    """Per year: results and detection frequency; with a substance, its KM mean and largest detect in the main
    matrix (the trend chart). Years are local (Asia/Shanghai), as the cells keep them."""
    every_year = PublicFilters(filters.district, filters.kind, filters.substance_id, None)
    source = public_source(every_year)
    counts = list(source.rows.order_by("year").values("year").annotate(n=source.n(), detected=source.detected()))
    km: dict[Any, dict[str, Any]] = {}
    if filters.substance_id and counts:
        matrix = public_main_matrix(every_year)
        if matrix:
            km = km_table(*source.filter(matrix=matrix).pooled("year"))
    return [
        {"year": row["year"], "n": row["n"], "detection_frequency": detection_frequency(row["detected"], row["n"]),
         "km_mean": km.get(row["year"], {}).get("km_mean"), "max_detected": km.get(row["year"], {}).get("max_detected")}
        for row in counts if row["n"]
    ]  # fmt: skip


def public_substance_monitoring(*, substance_id: int, filters: PublicFilters | None = None) -> dict[str, Any]:
    """One substance over the public network: per matrix the full censored-data summary (KM, ROS) overall, by
    district and by site kind, as the internal substance page computes it (the same reading of the cells)."""
    base = filters or PublicFilters()
    source = public_source(PublicFilters(base.district, base.kind, substance_id, base.year))
    districts: dict[int, District] = {}

    def label(pk: Any) -> str:
        district = districts.get(pk)
        return district.name_zh if district else str(pk)

    blocks = _substance_blocks(source, district_label=label)
    districts.update(District.objects.in_bulk({row["key"] for b in blocks for row in b["by_district"]}))
    for block in blocks:
        for row in block["by_district"]:
            row["label"] = label(row["key"])
            row["code"] = districts[row["key"]].code if row["key"] in districts else ""
        for row in block["by_kind"]:
            row["label"] = str(row["label"])
        del block["tables"]
    return {"blocks": blocks}

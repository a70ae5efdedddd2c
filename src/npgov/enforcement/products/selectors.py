"""Reads of product sampling: applicable limits, sampling trends."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import Coalesce, ExtractQuarter, ExtractYear

from npgov.enforcement.products.models import ContentLimit, ProductCategory, ProductSample, SampleVerdict

TREND_PERIODS = ("year", "quarter")


def applicable_limits(*, category: ProductCategory) -> QuerySet[ContentLimit]:
    """The limits a sample of ``category`` is judged by: active, numeric, of the category or its parent (or all)."""
    return (
        ContentLimit.objects.filter(Q(category_id__in=category.lineage_ids()) | Q(category__isnull=True))
        .filter(active=True, limit_value__isnull=False)
        .prefetch_related("substances")
        .order_by("pk")
    )


def category_limits(*, category: ProductCategory) -> QuerySet[ContentLimit]:
    """Every limit and note shown for a category (applied or not), with its substances."""
    return (
        ContentLimit.objects.filter(Q(category_id__in=category.lineage_ids()) | Q(category__isnull=True))
        .select_related("category")
        .prefetch_related("substances")
    )


def sampling_trends(*, samples: QuerySet[ProductSample], by: str = "year", total_label: str = "") -> dict[str, Any]:
    """Share of judged samples that fail, per top-level category and year (or quarter).

    Only samples judged against a limit (verdict pass or fail) count: samples without results, or whose
    results no limit applies to, are left out. Sub-categories count under their parent.
    Returns ``periods``, ``series`` (one per category with data, shares in % or None) and ``rows``.
    """
    fields = ["top", "year", "quarter"] if by == "quarter" else ["top", "year"]
    judged = samples.filter(verdict__in=[SampleVerdict.PASS, SampleVerdict.FAIL]).annotate(
        top=Coalesce("category__parent_id", "category_id"),
        year=ExtractYear("sampled_on"),
        quarter=ExtractQuarter("sampled_on"),
    )
    counts = (
        judged.order_by()
        .values(*fields)
        .annotate(
            n=Count("pk", distinct=True), failing=Count("pk", filter=Q(verdict=SampleVerdict.FAIL), distinct=True)
        )
    )
    names = {c.pk: c for c in ProductCategory.objects.filter(parent__isnull=True)}
    table: dict[tuple[int, str], tuple[int, int]] = {}
    for row in counts:
        period = f"{row['year']}Q{row['quarter']}" if by == "quarter" else str(row["year"])
        n, failing = table.get((row["top"], period), (0, 0))
        table[(row["top"], period)] = (n + row["n"], failing + row["failing"])
    periods = sorted({period for _top, period in table})
    categories = sorted({top for top, _period in table}, key=lambda pk: (names[pk].position, names[pk].code))
    return {
        "periods": periods,
        "series": [_series(str(names[top]), [table.get((top, p)) for p in periods]) for top in categories]
        + ([_series(total_label, [_total(table, p) for p in periods])] if total_label and periods else []),
        "rows": [
            {"category": names[top], "period": p, "n": table[(top, p)][0], "failing": table[(top, p)][1],
             "share": _share(table[(top, p)])}
            for top in categories for p in periods if (top, p) in table
        ],
    }  # fmt: skip


def _share(cell: tuple[int, int] | None) -> float | None:
    if not cell or not cell[0]:
        return None
    return round(100.0 * cell[1] / cell[0], 1)


def _series(name: str, cells: list[tuple[int, int] | None]) -> dict[str, Any]:
    return {"name": name, "data": [_share(c) for c in cells], "n": [c[0] if c else 0 for c in cells]}


def _total(table: dict[tuple[int, str], tuple[int, int]], period: str) -> tuple[int, int]:
    cells = [cell for (_top, p), cell in table.items() if p == period]
    return sum(c[0] for c in cells), sum(c[1] for c in cells)


def sample_statistics(*, year: int) -> dict[str, object]:
    """The year's product samples, for the work plan's yearly evaluation: samples taken and those failing.

    ``last_id`` / ``last_change`` identify the samples read, for a frozen evaluation's comparison.
    """
    samples = ProductSample.objects.filter(sampled_on__year=year).aggregate(
        n=Count("pk"), failing=Count("pk", filter=Q(verdict=SampleVerdict.FAIL)), last=Max("pk"),
        change=Max("updated_at"),
    )  # fmt: skip
    return {
        "samples": samples["n"],
        "sample_failures": samples["failing"],
        "last_id": samples["last"],
        "last_change": samples["change"].isoformat() if samples["change"] else None,
    }

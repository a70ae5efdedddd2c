"""Frozen yearly evaluations (年度评估快照): freezing a year once, and comparing two years figure by figure.

A snapshot holds every figure of the year's report and, per group of figures, the digest and counts of the data
behind them (``workplan.figures``); a comparison says for each figure that moved which of that data changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from npgov.core.exceptions import ApplicationError
from npgov.core.models import User
from npgov.surveys.choices import Activity
from npgov.workplan.figures import (
    GROUPS,
    digest_of,
    enforcement_labels,
    evaluation_figures,
    figure_label,
    kpi_target,
)
from npgov.workplan.models import EVALUATION_YEAR, FROZEN_FROM_COMMAND_LINE, EvaluationSnapshot, Plan
from npgov.workplan.selectors import evaluation_snapshot


def _already_frozen(snapshot: EvaluationSnapshot) -> ApplicationError:
    return ApplicationError(
        _("The evaluation of %(year)s was frozen on %(at)s by %(by)s: a frozen year is never changed.")
        % {
            "year": snapshot.year,
            "at": timezone.localtime(snapshot.frozen_at).strftime("%Y-%m-%d %H:%M"),
            "by": snapshot.frozen_by_label,
        }  # fmt: skip
    )


def snapshot_freeze(*, plan: Plan, year: int, user: User | None) -> EvaluationSnapshot:
    """Freeze the plan's evaluation of ``year``: reads every figure once (the whole city), then writes one
    ``EvaluationSnapshot`` and its history row in a short transaction. Refuses a year already frozen and a year
    that has not begun. ``user`` None: frozen from the command line (recorded as "npgov")."""
    if not (EVALUATION_YEAR.minimum or 0) <= year <= timezone.localdate().year:
        raise ApplicationError(_("Only a year that has begun can be frozen."))
    existing = evaluation_snapshot(plan=plan, year=year)
    if existing is not None:
        raise _already_frozen(existing)
    figures, inputs = evaluation_figures(plan=plan, year=year)
    snapshot = EvaluationSnapshot(
        plan=plan, year=year, frozen_at=timezone.now().replace(microsecond=0), frozen_by=user,
        frozen_by_name=(user.get_full_name() or user.username) if user else FROZEN_FROM_COMMAND_LINE, figures=figures,
        inputs=inputs, digest=digest_of(figures),
    )  # fmt: skip
    snapshot._history_user = user
    snapshot._change_reason = "frozen"
    try:
        with transaction.atomic():
            snapshot.full_clean()
            snapshot.save()
    except (ValidationError, IntegrityError) as exc:  # frozen meanwhile by someone else
        existing = evaluation_snapshot(plan=plan, year=year)
        if existing is None:
            raise
        raise _already_frozen(existing) from exc
    return snapshot


# --- comparison --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EvaluationSide:
    """One side of a comparison: a year's figures and inputs, frozen (``snapshot``) or live (None)."""

    year: int
    figures: dict[str, Any]
    inputs: dict[str, Any]
    snapshot: EvaluationSnapshot | None = None


@dataclass(frozen=True)
class ComparisonRow:
    group: str
    label: str
    old: Any
    new: Any
    delta: str
    moved: bool
    reason: str


def evaluation_side(*, plan: Plan, year: int, live: bool = False) -> EvaluationSide:
    """The year's frozen evaluation when there is one (and ``live`` is not asked), else its live figures (the
    whole city). Comparing a frozen year with itself compares the snapshot with the live figures."""
    snapshot = None if live else evaluation_snapshot(plan=plan, year=year)
    if snapshot is not None:
        return EvaluationSide(year, snapshot.figures, snapshot.inputs, snapshot)
    figures, inputs = evaluation_figures(plan=plan, year=year)
    return EvaluationSide(year, figures, inputs)


def group_labels() -> dict[str, str]:
    return {
        "tasks": _("tasks"), "kpis": _("KPIs by district"), "inventory": _("Inventory"), "risk": _("Risk ranking"),
        "findings": _("Compliance findings"), "enforcement": _("Enforcement"), "key_figures": _("key figures"),
    }  # fmt: skip


def _task_items(f: dict[str, Any]) -> list[tuple[str, str, Any]]:
    totals = f["tasks"]["totals"]
    labels = {
        "done": _("tasks done"), "in_progress": _("tasks in progress"), "not_reported": _("tasks not reported"),
        "milestones_missed": _("milestones missed"), "orders_issued": _("supervision orders issued"),
        "orders_open": _("supervision orders open"),
    }  # fmt: skip
    return [(key, label, totals.get(key)) for key, label in labels.items()]


def _kpi_items(f: dict[str, Any]) -> list[tuple[str, str, Any]]:
    items: list[tuple[str, str, Any]] = []
    for kpi in f["kpis"]:
        name = f"{kpi['name']} {kpi_target(kpi)}"
        items.append((kpi["key"], f"{name}: {_('districts meeting the target')}", kpi["attained"]))
        items += [(f"{kpi['key']}:{d['code']}", f"{name}: {d['name']}", d["value"]) for d in kpi["districts"]]
    return items


def _inventory_items(f: dict[str, Any]) -> list[tuple[str, str, Any]]:
    labels = dict(Activity.choices)
    items: list[tuple[str, str, Any]] = []
    for row in f["inventory"]["rows"]:
        activity = str(labels.get(row["activity"], _("other activity")))
        items.append((f"{row['activity']}:lines", f"{activity}: {_('accepted lines')}", row["lines"]))
        items.append((f"{row['activity']}:t", f"{activity}: {_('quantity (t/a)')}", row["quantity_t"]))
    return items


def _risk_items(f: dict[str, Any]) -> list[tuple[str, str, Any]]:
    items: list[tuple[str, str, Any]] = [("ranked", _("substances ranked"), f["risk"]["ranked"])]
    for row in f["risk"]["rows"]:
        name = f"{row['name']} ({row['cas']})" if row["cas"] else row["name"]
        items.append((f"rank:{row['cas'] or row['name']}", _("rank of %(substance)s") % {"substance": name},
                      row["rank"]))  # fmt: skip
    return items


def _finding_items(f: dict[str, Any]) -> list[tuple[str, str, Any]]:
    totals = f["findings"]["totals"]
    labels = {"opened": _("findings opened in the year"), "closed": _("findings closed in the year"),
              "active": _("findings still open")}  # fmt: skip
    return [(key, label, totals.get(key)) for key, label in labels.items()]


def _enforcement_items(f: dict[str, Any]) -> list[tuple[str, str, Any]]:
    return [(key, label, f["enforcement"].get(key)) for key, label in enforcement_labels().items()]


def _key_figure_items(f: dict[str, Any]) -> list[tuple[str, str, Any]]:
    return [(row["key"], figure_label(row["key"]), row["value"]) for row in f["key_figures"]]


ITEMS = {
    "tasks": _task_items, "kpis": _kpi_items, "inventory": _inventory_items, "risk": _risk_items,
    "findings": _finding_items, "enforcement": _enforcement_items, "key_figures": _key_figure_items,
}  # fmt: skip


def counter_labels() -> dict[str, str]:
    return {
        "answers": _("progress answers submitted in the year"),
        "orders": _("supervision orders issued in the year"),
        "values": _("KPI values up to the year's end"),
        "reports": _("accepted survey reports"),
        "lines": _("accepted survey lines"),
        "ranked": _("substances ranked"),
        "opened": _("findings opened in the year"),
        "closed": _("findings closed in the year"),
        "active": _("findings still open"),
        "inspections": _("inspections carried out"),
        "cases": _("cases opened"),
        "checks": _("import and export checks"),
        "samples": _("product samples taken"),
    }


def _decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _delta(old: Any, new: Any) -> str:
    a, b = _decimal(old), _decimal(new)
    if a is None or b is None:
        return ""
    change = b - a
    text = format(change.normalize(), "f") if change else "0"
    return f"+{text}" if change > 0 else text


def group_reason(group: str, old: dict[str, Any], new: dict[str, Any]) -> str:
    """Which data behind a group of figures changed between two sides, from the inputs each recorded."""
    if old.get("digest") == new.get("digest"):
        return _("no change in the data behind it")
    parts = []
    if group == "risk" and old.get("run") != new.get("run"):
        if new.get("run") is None:
            parts.append(_("no finished run any more (was run #%(old)s)") % {"old": old.get("run")})
        elif old.get("run") is None:
            parts.append(_("run #%(new)s, where there was none") % {"new": new["run"]})
        else:
            parts.append(_("run #%(new)s replaced run #%(old)s") % {"new": new["run"], "old": old["run"]})
    if group == "inventory" and old.get("campaign") != new.get("campaign"):
        parts.append(_campaign_reason(old.get("campaign"), new.get("campaign")))
    labels = counter_labels()
    old_counts, new_counts = old.get("counts", {}), new.get("counts", {})
    order = list(labels)
    for key in sorted(
        set(old_counts) | set(new_counts), key=lambda k: (order.index(k) if k in order else len(order), k)
    ):
        a, b = old_counts.get(key, 0) or 0, new_counts.get(key, 0) or 0
        if a != b:
            parts.append(_("%(what)s: %(old)s → %(new)s (%(delta)s)")
                         % {"what": labels.get(key, key), "old": a, "new": b, "delta": _delta(a, b)})  # fmt: skip
    if not parts and not old_counts and not new_counts:
        parts.append(_("counted again from the platform's records"))
    elif not parts:
        parts.append(_("as many records as before, with different content"))
    return "; ".join(parts)


def _campaign_reason(old: str | None, new: str | None) -> str:
    if new is None:
        return _("no survey in the year (was “%(old)s”)") % {"old": old}
    if old is None:
        return _("survey “%(new)s”, where there was none") % {"new": new}
    return _("survey “%(new)s” replaced “%(old)s”") % {"new": new, "old": old}


def snapshot_compare(old: EvaluationSide, new: EvaluationSide) -> list[ComparisonRow]:
    """Every figure of two sides (frozen or live): old and new value, the change, and why it moved."""
    rows: list[ComparisonRow] = []
    for group in GROUPS:
        reason = group_reason(group, old.inputs.get(group, {}), new.inputs.get(group, {}))
        before = {key: (label, value) for key, label, value in ITEMS[group](old.figures)}
        after = {key: (label, value) for key, label, value in ITEMS[group](new.figures)}
        for key in [*before, *(k for k in after if k not in before)]:
            label = (after.get(key) or before[key])[0]
            a, b = before.get(key, ("", None))[1], after.get(key, ("", None))[1]
            moved = a != b
            rows.append(ComparisonRow(group, label, a, b, _delta(a, b), moved, reason if moved else ""))
    return rows

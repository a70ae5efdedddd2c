"""The figures of a plan's yearly evaluation as plain data: gathered once (live or to freeze), digested, and laid
out for the page and the workbook the same way, so that a frozen year renders from its snapshot byte for byte.

``evaluation_figures`` returns two JSON-ready dicts: ``figures`` (every number the report shows, stored codes
and never labels) and ``inputs`` (per group of figures: a digest of the figures with the identity of the rows
behind them, and counts of those rows), from which a later comparison says which data changed.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from npgov.compliance.choices import Severity, rule_label
from npgov.compliance.selectors import finding_statistics
from npgov.core.exports import xlsx_bytes
from npgov.core.models import User
from npgov.core.registry import registry
from npgov.enforcement.inspections.selectors import inspection_statistics
from npgov.enforcement.products.selectors import sample_statistics
from npgov.enforcement.trade.selectors import trade_check_statistics
from npgov.risk.labels import ACTION_CATEGORY_LABELS
from npgov.risk.results import ranked_count, section_rows
from npgov.risk.selectors import latest_done_run
from npgov.surveys.choices import Activity
from npgov.surveys.selectors import accepted_totals, campaign_by_year
from npgov.workplan.models import KpiValue, Plan, ProgressReport, SupervisionOrder
from npgov.workplan.selectors import plan_evaluation

RISK_ROWS = 20  # the ranking's head the report shows and freezes
GROUPS = ("tasks", "kpis", "inventory", "risk", "findings", "enforcement", "key_figures")
ENFORCEMENT_KEYS = (
    "inspections", "inspections_with_problems", "cases", "penalties", "penalty_yuan", "checks", "check_violations",
    "samples", "sample_failures",
)  # fmt: skip


def canonical(value: Any) -> str:
    """The one JSON text of a value: sorted keys, no spaces, UTF-8 characters as they are."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def digest_of(value: Any) -> str:
    """SHA-256 of the canonical JSON of ``value``."""
    return hashlib.sha256(canonical(value).encode()).hexdigest()


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _input(figures: Any, identity: Any, **counts: Any) -> dict[str, Any]:
    return {"digest": digest_of({"figures": figures, "identity": identity}), "counts": counts}


def _tasks(plan: Plan, year: int, report: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    rows = [
        {
            "number": t.task.number, "title": t.task.title_zh, "status": t.status, "percent": t.percent,
            "done_by": t.departments_done, "open_at": t.departments_open, "milestones_due": t.milestones_due,
            "milestones_missed": t.milestones_missed,
        }
        for t in report["tasks"]
    ]  # fmt: skip
    totals = {k: report["totals"].get(k, 0) for k in ("done", "in_progress", "not_reported")}
    totals |= {k: report["totals"].get(k, 0) for k in ("milestones_due", "milestones_missed")}
    totals |= {"orders_issued": report["orders_issued"], "orders_open": report["orders_open"]}
    answers = ProgressReport.objects.filter(task__plan=plan, submitted_at__year=year).aggregate(
        n=Count("pk"), last=Max("pk"), change=Max("updated_at")
    )
    orders = SupervisionOrder.objects.filter(task__plan=plan, created_at__year=year).aggregate(change=Max("updated_at"))
    identity = [answers["last"], _iso(answers["change"]), _iso(orders["change"])]
    group = {"rows": rows, "totals": totals}
    return group, _input(group, identity, answers=answers["n"], orders=report["orders_issued"])


def _kpis(plan: Plan, year: int, report: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    rows = []
    for k in report["kpis"]:
        kpi = k["kpi"]
        rows.append({
            "key": kpi.key, "name": kpi.name_zh, "direction": kpi.direction, "target": kpi.target, "unit": kpi.unit,
            "reported": k["reported"], "attained": k["attained"],
            "districts": [
                {"code": s.district.code, "name": s.district.name_zh, "value": s.value,
                 "period_end": _iso(s.period_end), "attained": s.attained}
                for s in k["status"]
            ],
        })  # fmt: skip
    values = KpiValue.objects.filter(kpi__plan=plan, period_end__year__lte=year).aggregate(
        n=Count("pk"), last=Max("pk"), change=Max("updated_at")
    )
    return rows, _input(rows, [values["last"], _iso(values["change"])], values=values["n"])


def _inventory(plan: Plan, year: int) -> tuple[dict[str, Any], dict[str, Any]]:
    # The survey carried out in the year collects the year before's figures (2025年度调查 in 2026).
    campaign = campaign_by_year(year=year - 1, city_code=plan.city.code)
    if campaign is None:
        group: dict[str, Any] = {"campaign": None, "rows": []}
        return group, {**_input(group, None, reports=0), "campaign": None}
    totals = accepted_totals(campaign=campaign)
    group = {"campaign": campaign.title, "rows": totals["rows"]}
    identity = [totals["last_id"], totals["last_change"]]
    lines = sum(int(r["lines"]) for r in totals["rows"])
    return group, {**_input(group, identity, reports=totals["reports"], lines=lines), "campaign": campaign.title}


def _risk() -> tuple[dict[str, Any], dict[str, Any]]:
    # the newest finished run when the figures are read: a year is frozen after its end, when its run is done
    run = latest_done_run()
    if run is None:
        group: dict[str, Any] = {"run": None, "ranked": 0, "rows": []}
        return group, {**_input(group, None), "run": None}
    rows = [
        {"rank": position, "name": row.get("name") or "", "cas": row.get("cas") or "", "score": row.get("risk_score"),
         "category": row.get("category")}
        for position, row in enumerate(section_rows(run, "substances", by_score=True, limit=RISK_ROWS), start=1)
    ]  # fmt: skip
    group = {"run": {"id": run.pk, "title": run.title, "digest": run.digest}, "ranked": ranked_count(run), "rows": rows}
    return group, {**_input(group, run.digest, ranked=group["ranked"]), "run": run.pk}


def _findings(year: int) -> tuple[dict[str, Any], dict[str, Any]]:
    stats = finding_statistics(year=year)
    rows = stats["rows"]
    totals = {key: sum(int(r[key]) for r in rows) for key in ("opened", "closed", "active")}
    group = {"rows": rows, "totals": totals}
    return group, _input(group, [stats["last_id"], stats["last_change"]], **totals)


def _enforcement(year: int) -> tuple[dict[str, Any], dict[str, Any]]:
    parts = [inspection_statistics(year=year), trade_check_statistics(year=year), sample_statistics(year=year)]
    group = {key: part[key] for part in parts for key in ENFORCEMENT_KEYS if key in part}
    identity = [[part["last_id"], part["last_change"]] for part in parts]
    counts = {key: group[key] for key in ("inspections", "cases", "checks", "samples")}
    return group, _input(group, identity, **counts)


def _key_figures(report: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    keyed = sorted(registry.figures, key=lambda f: f.order)
    rows = [
        {"key": figure.key, "value": row["value"], "campaign": row.get("campaign"), "url": row.get("url")}
        for figure, row in zip(keyed, report["figures"], strict=True)
    ]
    return rows, _input(rows, None)


def evaluation_figures(*, plan: Plan, year: int, user: User | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """Every figure of the year's evaluation (``figures``) and the identity of the data behind each group
    (``inputs``), read once; ``user`` counts as the evaluation page counts for that user (None: the whole city)."""
    report = plan_evaluation(plan=plan, year=year, user=user)
    return figures_from_report(plan=plan, year=year, report=report)


def figures_from_report(*, plan: Plan, year: int, report: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The figures and inputs of ``evaluation_figures`` from a report ``plan_evaluation`` already read."""
    parts = {
        "tasks": _tasks(plan, year, report),
        "kpis": _kpis(plan, year, report),
        "inventory": _inventory(plan, year),
        "risk": _risk(),
        "findings": _findings(year),
        "enforcement": _enforcement(year),
        "key_figures": _key_figures(report),
    }
    figures: dict[str, Any] = {"plan": {"key": plan.key, "title": plan.title_zh}, "year": year}
    figures |= {group: part[0] for group, part in parts.items()}
    # JSON round trip: what is stored is what is digested and rendered (tuples become lists, keys strings).
    return json.loads(canonical(figures)), json.loads(canonical({group: part[1] for group, part in parts.items()}))


# --- layout: the same sections for the page and the workbook ----------------------------------------------------


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    header: list[str]
    rows: list[list[Any]]
    note: str = ""  # what the figures are of (the survey round, the run), shown under the title
    wrap: tuple[int, ...] = ()  # the columns of long text; the others keep each cell on one line


def _number(value: Any) -> str:
    """A fixed text for a number: integers as they are, others with up to four decimals, no exponent."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = f"{value:.4f}".rstrip("0").rstrip(".")
        return text if text not in ("-0", "") else "0"
    return str(value)


def task_status_label(code: str) -> str:
    labels = {"done": _("Done"), "in_progress": _("In progress"), "not_reported": _("Not reported")}
    return labels.get(code, _("Not reported"))


def figure_label(key: str) -> str:
    """The label a registered key figure has now (a key whose app is gone reads "other figure")."""
    for figure in registry.figures:
        if figure.key == key:
            return str(figure.label)
    return _("other figure")


def summary_rows(figures: dict[str, Any]) -> list[tuple[str, str]]:
    """The report's headline figures: (label, value)."""
    totals = figures["tasks"]["totals"]
    return [
        (_("tasks done"), _number(totals["done"])),
        (_("tasks in progress"), _number(totals["in_progress"])),
        (_("tasks not reported"), _number(totals["not_reported"])),
        (_("milestones missed"), f"{totals['milestones_missed']}/{totals['milestones_due']}"),
        (_("supervision orders open"), f"{totals['orders_open']}/{totals['orders_issued']}"),
    ]


def _task_section(figures: dict[str, Any]) -> Section:
    header = [_("number"), _("title"), _("status"), _("mean percent done"), _("done by"), _("still open at"),
              _("milestones due"), _("milestones missed")]  # fmt: skip
    rows = [
        [t["number"], t["title"], task_status_label(t["status"]), f"{t['percent']}%", "、".join(t["done_by"]),
         "、".join(t["open_at"]), _number(t["milestones_due"]), _number(t["milestones_missed"])]
        for t in figures["tasks"]["rows"]
    ]  # fmt: skip
    return Section("tasks", _("tasks"), header, rows, wrap=(1, 4, 5))


def kpi_target(kpi: dict[str, Any]) -> str:
    return f"{kpi['direction']}{_number(kpi['target'])}{kpi['unit']}"


def _kpi_section(figures: dict[str, Any]) -> Section:
    header = [_("KPI"), _("target"), _("district"), _("value"), _("period ending"), _("meets the target")]
    rows: list[list[Any]] = []
    for kpi in figures["kpis"]:
        rows.append([kpi["name"], kpi_target(kpi), _("districts meeting the target"),
                     f"{kpi['attained']}/{kpi['reported']}", "", ""])  # fmt: skip
        rows += [
            [kpi["name"], kpi_target(kpi), d["name"], _number(d["value"]), d["period_end"] or "",
             _number(d["attained"])]
            for d in kpi["districts"]
        ]  # fmt: skip
    return Section("kpis", _("KPIs by district"), header, rows, wrap=(0, 2))


def _inventory_section(figures: dict[str, Any]) -> Section:
    inventory = figures["inventory"]
    labels = dict(Activity.choices)
    header = [_("activity"), _("accepted lines"), _("enterprises"), _("quantity (t/a)")]
    rows = [
        [str(labels.get(r["activity"], _("other activity"))), _number(r["lines"]), _number(r["enterprises"]),
         r["quantity_t"] if r["quantity_t"] is not None else _("suppressed (fewer than 3 enterprises)")]
        for r in inventory["rows"]
    ]  # fmt: skip
    note = inventory["campaign"] or _("no survey in the year")
    return Section("inventory", _("Inventory"), header, rows, note, wrap=(0,))


def risk_run_text(run: dict[str, Any] | None) -> str:
    if run is None:
        return _("no finished ecological run")
    return _("run #%(id)s %(title)s, results digest %(digest)s") % {
        "id": run["id"],
        "title": run["title"],
        "digest": (run["digest"] or "")[:12],
    }


def _risk_section(figures: dict[str, Any]) -> Section:
    risk = figures["risk"]
    header = [_("rank"), _("substance"), _("CAS RN"), _("risk score"), _("action category")]
    rows = [
        [_number(r["rank"]), r["name"], r["cas"], _number(r["score"]),
         str(ACTION_CATEGORY_LABELS.get(r["category"], "—")) if r["category"] is not None else "—"]
        for r in risk["rows"]
    ]  # fmt: skip
    return Section("risk", _("Risk ranking"), header, rows, risk_run_text(risk["run"]), wrap=(1,))


def _finding_section(figures: dict[str, Any]) -> Section:
    severities = dict(Severity.choices)
    header = [_("rule"), _("severity"), _("opened in the year"), _("closed in the year"), _("still open")]
    rows = [
        [rule_label(r["rule"]), str(severities.get(r["severity"], "—")), _number(r["opened"]), _number(r["closed"]),
         _number(r["active"])]
        for r in figures["findings"]["rows"]
    ]  # fmt: skip
    return Section("findings", _("Compliance findings"), header, rows, wrap=(0,))


def enforcement_labels() -> dict[str, str]:
    return {
        "inspections": _("inspections carried out"),
        "inspections_with_problems": _("inspections finding problems"),
        "cases": _("cases opened"),
        "penalties": _("penalty decisions"),
        "penalty_yuan": _("penalties (yuan)"),
        "checks": _("import and export checks"),
        "check_violations": _("checks finding a violation"),
        "samples": _("product samples taken"),
        "sample_failures": _("product samples failing"),
    }


def _enforcement_section(figures: dict[str, Any]) -> Section:
    labels = enforcement_labels()
    rows = [[labels[key], _number(figures["enforcement"][key])] for key in ENFORCEMENT_KEYS]
    return Section("enforcement", _("Enforcement"), [_("figure"), _("value")], rows, wrap=(0,))


def key_figure_text(row: dict[str, Any]) -> str:
    label = figure_label(row["key"])
    return f"{label}（{row['campaign']}）" if row.get("campaign") else label


def _key_figure_section(figures: dict[str, Any]) -> Section:
    rows = [[key_figure_text(r), _number(r["value"])] for r in figures["key_figures"]]
    return Section("key_figures", _("key figures"), [_("figure"), _("value")], rows, wrap=(0,))


def report_sections(figures: dict[str, Any]) -> list[Section]:
    """The report's tables, in order, as the page and the workbook show them."""
    makers = (_task_section, _kpi_section, _inventory_section, _risk_section, _finding_section,
              _enforcement_section, _key_figure_section)  # fmt: skip
    return [make(figures) for make in makers]


def evaluation_workbook(figures: dict[str, Any], *, at: datetime | None) -> bytes:
    """The report as an Excel workbook, one sheet per section. With ``at`` (a frozen year's time) the bytes are
    fixed: the workbook's times and the archive members' times are ``at``, whenever it is exported."""
    summary = [[_("figure"), _("value")], *[list(row) for row in summary_rows(figures)]]
    sheets = [(_("summary"), summary)]
    sheets += [(s.title, ([[s.note]] if s.note else []) + [s.header, *s.rows]) for s in report_sections(figures)]
    data = xlsx_bytes(sheets)
    return data if at is None else _fixed_times(data, at)


_CORE_TIME = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def _fixed_times(data: bytes, at: datetime) -> bytes:
    stamp = timezone.localtime(at).replace(microsecond=0)
    text = stamp.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _CORE_TIME.sub(rb"\g<1>" + text + rb"\g<3>", content)
            member = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            member.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(member, content)
    return out.getvalue()

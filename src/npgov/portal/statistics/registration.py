"""Menus, datasets of this portal area: the bureau's settings page, and the open data behind every table shown."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from npgov.core.choices import Role
from npgov.core.registry import NavItem, registry
from npgov.portal.opendata import Dataset, register_dataset

BUREAU = frozenset({Role.SYSADMIN, Role.BUREAU})
TASK_STATUS = {
    "done": gettext_lazy("Done"),
    "in_progress": gettext_lazy("In progress"),
    "not_reported": gettext_lazy("Not yet reported"),
}


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def _group_rows(group: str) -> Iterator[dict[str, Any]]:
    from npgov.monitoring.selectors import PublicFilters, public_group_counts  # noqa: PLC0415

    for row in public_group_counts(filters=PublicFilters(), group=group):
        yield {
            "code": row["code"], "name": row["label"], "sites": row["sites"], "substances": row["substances"],
            "results": row["n"], "detects": row["detected"], "detection_frequency": _round(row["detection_frequency"]),
            "last_sampled": row["last"].date().isoformat() if row["last"] else "",
        }  # fmt: skip


def _substance_rows() -> Iterator[dict[str, Any]]:
    from npgov.monitoring.selectors import PublicFilters, public_by_substance  # noqa: PLC0415

    for row in public_by_substance(filters=PublicFilters()):
        substance = row["substance"]
        yield {
            "substance_id": row["substance_id"], "name_zh": substance.name_zh if substance else "",
            "cas": (substance.cas or "") if substance else "", "matrix": row["matrix"], "unit": row["unit"],
            "sites": row["sites"], "results": row["n"], "detects": row["detected"],
            "detection_frequency": _round(row["detection_frequency"]), "km_mean": row["km_mean"],
            "method": "Kaplan–Meier (NADA cenfit)", "max_detected": row["max_detected"],
        }  # fmt: skip


def _list_rows() -> Iterator[dict[str, Any]]:
    from npgov.portal.statistics import plain  # noqa: PLC0415
    from npgov.portal.statistics.selectors import public_list_ids, regulations  # noqa: PLC0415

    for row in regulations.public_entry_rows(list_ids=public_list_ids()):
        explained = plain.explain(str(row["measure_kind"])) if row["measure_kind"] else None
        yield {
            **row,
            "for_citizens": str(explained["citizens"]) if explained else "",
            "for_enterprises": str(explained["enterprises"]) if explained else "",
        }


def _card_rows() -> Iterator[dict[str, Any]]:
    from npgov.portal.statistics.selectors import listed_substances  # noqa: PLC0415

    for substance in listed_substances():
        yield {
            "substance_id": substance.pk, "name_zh": substance.name_zh, "name_en": substance.name_en,
            "cas": substance.cas or "", "url": reverse("portal:substance_card", args=[substance.pk]),
        }  # fmt: skip


def _progress_rows() -> Iterator[dict[str, Any]]:
    from npgov.portal.statistics.selectors import progress  # noqa: PLC0415

    data = progress()
    for plan in data["plans"]:
        yield {
            "plan": plan["plan"].title_zh, "year": data["year"], "task": "", "title": _("Whole plan"),
            "status": "", "percent": plan["percent"],
        }  # fmt: skip
        for evaluation in plan["tasks"]:
            yield {
                "plan": plan["plan"].title_zh, "year": data["year"], "task": evaluation.task.number,
                "title": evaluation.task.title_zh, "status": str(TASK_STATUS.get(evaluation.status, "")),
                "percent": evaluation.percent,
            }  # fmt: skip


def register() -> None:
    registry.add_nav(
        NavItem("portal", gettext_lazy("Portal publication settings"), "portal:settings", "sliders", 90, roles=BUREAU)
    )
    group_columns = (
        ("code", gettext_lazy("code")), ("name", gettext_lazy("name")), ("sites", gettext_lazy("sites")),
        ("substances", gettext_lazy("substances measured")), ("results", gettext_lazy("results")),
        ("detects", gettext_lazy("detects")), ("detection_frequency", gettext_lazy("detection frequency")),
        ("last_sampled", gettext_lazy("last sampled")),
    )  # fmt: skip
    register_dataset(Dataset(
        key="monitoring-by-district", title=gettext_lazy("Monitoring summary by district"),
        description=gettext_lazy("Public monitoring sites, results and detection frequency of each district."),
        columns=group_columns, rows=lambda: _group_rows("district"), page_url_name="portal:monitoring", order=20,
    ))  # fmt: skip
    register_dataset(Dataset(
        key="monitoring-by-site-kind", title=gettext_lazy("Monitoring summary by site kind"),
        description=gettext_lazy("Public monitoring sites, results and detection frequency of each kind of site."),
        columns=group_columns, rows=lambda: _group_rows("kind"), page_url_name="portal:monitoring", order=21,
    ))  # fmt: skip
    register_dataset(Dataset(
        key="monitoring-by-substance", title=gettext_lazy("Monitoring summary by substance"),
        description=gettext_lazy(
            "Per substance and matrix: results, detection frequency, the Kaplan–Meier mean (non-detects at their "
            "limits) and the largest detected value, in the matrix's unit."
        ),
        columns=(
            ("substance_id", gettext_lazy("substance id")), ("name_zh", gettext_lazy("substance")),
            ("cas", "CAS"), ("matrix", gettext_lazy("matrix")), ("unit", gettext_lazy("unit")),
            ("sites", gettext_lazy("sites")), ("results", gettext_lazy("results")),
            ("detects", gettext_lazy("detects")), ("detection_frequency", gettext_lazy("detection frequency")),
            ("km_mean", gettext_lazy("KM mean")), ("method", gettext_lazy("method")),
            ("max_detected", gettext_lazy("maximum detected")),
        ),
        rows=_substance_rows, page_url_name="portal:monitoring", order=22,
    ))  # fmt: skip
    register_dataset(Dataset(
        key="list-entries-measures", title=gettext_lazy("Lists and control measures"),
        description=gettext_lazy(
            "The entries of the national lists and of the city's published priority lists, one row per control "
            "measure, with what it means for citizens and enterprises. Only verified rows."
        ),
        columns=(
            ("list_code", gettext_lazy("list code")), ("list_title", gettext_lazy("list")),
            ("item", gettext_lazy("item")), ("name_zh", gettext_lazy("Chinese name")),
            ("name_en", gettext_lazy("English name")), ("cas", "CAS"),
            ("measure_kind", gettext_lazy("measure code")), ("measure_label", gettext_lazy("measure")),
            ("measure_text", gettext_lazy("text of the measure")), ("effective", gettext_lazy("effective from")),
            ("for_citizens", gettext_lazy("what it means for citizens")),
            ("for_enterprises", gettext_lazy("what it means for enterprises")),
        ),
        rows=_list_rows, page_url_name="portal:lists", order=30,
    ))  # fmt: skip
    register_dataset(Dataset(
        key="substance-cards", title=gettext_lazy("Substance cards"),
        description=gettext_lazy("Every substance on a public list, with the address of its card."),
        columns=(
            ("substance_id", gettext_lazy("substance id")), ("name_zh", gettext_lazy("Chinese name")),
            ("name_en", gettext_lazy("English name")), ("cas", "CAS"), ("url", gettext_lazy("card")),
        ),
        rows=_card_rows, page_url_name="portal:substances", order=31,
    ))  # fmt: skip
    register_dataset(Dataset(
        key="workplan-progress", title=gettext_lazy("Work-plan progress"),
        description=gettext_lazy(
            "The work plans' progress at the level the bureau publishes (empty when it is not published)."
        ),
        columns=(
            ("plan", gettext_lazy("work plan")), ("year", gettext_lazy("year")), ("task", gettext_lazy("task")),
            ("title", gettext_lazy("title")), ("status", gettext_lazy("status")),
            ("percent", gettext_lazy("percent done")),
        ),
        rows=_progress_rows, page_url_name="portal:progress", order=40,
    ))  # fmt: skip

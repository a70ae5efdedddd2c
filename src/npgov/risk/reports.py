"""A run as an Excel workbook: parameters and inputs first, then the results, so the sheet can be checked by hand."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from npgov.risk.labels import ACTION_CATEGORY_LABELS
from npgov.risk.results import ESTIMATES, section_iter, section_rows, sections_of

if TYPE_CHECKING:
    from npgov.risk.models import AssessmentRun


def _parameters(run: AssessmentRun) -> list[list[Any]]:
    rows: list[list[Any]] = [
        [_("title"), run.title], [_("kind"), run.get_kind_display()], [_("status"), run.get_status_display()],
        [_("started"), f"{timezone.localtime(run.created_at):%Y-%m-%d %H:%M}"], [_("MEC statistic"), run.mec_statistic],
        [_("period"), f"{run.start or '…'} – {run.end or '…'}"], [_("software version"), run.software],
        [_("results digest (SHA-256)"), run.digest], [_("results read"), run.inputs.get("results")],
        [_("last result id read"), run.inputs.get("last_result_id")],
    ]  # fmt: skip
    if run.kind == "ecological":
        rows += [
            [_("compartment"), run.get_compartment_display()],
            [_("verified PNECs only"), run.verified_pnecs_only],
            [_("band table"), run.inputs.get("band_table")],
        ]
    return rows


def run_workbook(run: AssessmentRun) -> list[tuple[str, Iterable[Iterable[Any]]]]:
    """Sheets of the run's Excel export."""
    sheets: list[tuple[str, Iterable[Iterable[Any]]]] = [(_("parameters"), _parameters(run))]
    if run.kind == "health":
        rows = section_iter(run, "rows")  # every sheet's rows are fetched in batches while the workbook is written
        keys = ["site", "cas", "name", "n", "c_ng_l", "statistic", "upper_bound", "hq_adult", "hq_child", "cr_adult",
                "cr_child"]  # fmt: skip
        sheets.append((_("site × substance"), chain([keys], ([r.get(k) for k in keys] for r in rows))))
        site_keys = ["site", "hi_adult", "hi_child", "cr_adult", "cr_child", "concern"]
        site_rows = ([r.get(k) for k in site_keys] for r in section_iter(run, "sites"))
        sheets.append((_("sites"), chain([site_keys], site_rows)))
        tox = [["cas", "value", "unit", "kind", "verified", "source"]]
        for cas, values in run.inputs.get("toxicity", {}).items():
            for key, v in values.items():
                tox.append([cas, v["value"], v["unit"], "RfD" if key == "rfd" else "SF", v["verified"], v["source"]])
        sheets.append((_("toxicity values"), tox))
        exposure = [["population", "parameter", "value", "overridden", "source", "verified"]]
        for pop, data in run.inputs.get("exposure", {}).items():
            for name, value in data["values"].items():
                source = data["sources"].get(name, {})
                exposure.append([pop, name, value, name in data["overrides"], source.get("source", ""),
                                 source.get("verified", "")])  # fmt: skip
        sheets.append((_("exposure parameters"), exposure))
        return sheets
    ranking = ["cas", "name", "frequency_of_exceedance", "extent_of_exceedance", "frequency_score", "extent_score",
               "risk_score", "category"]  # fmt: skip
    sheets.append((_("ranking"), [ranking + ["category_label"], *[
        [p.get(k) for k in ranking] + [str(ACTION_CATEGORY_LABELS.get(int(p.get("category") or 0), ""))]
        for p in section_rows(run, "substances")]]))  # fmt: skip
    site_keys = ["site", "cas", "n", "detects", "mec", "mec_statistic", "pnec", "rq", "rq_is_upper_bound", "category"]
    sheets.append(
        (
            _("site × substance"),
            chain(
                [site_keys + ["notes"]],
                ([r.get(k) for k in site_keys] + ["; ".join(r.get("notes", []))] for r in section_iter(run, "sites")),
            ),
        )
    )
    if ESTIMATES in sections_of(run):  # estimates are their own sheet, never among the measured rows
        keys = ["cas", "name", "survey_year", "enterprises", "release_kg_total", "release_kg_worst", "pec", "pnec",
                "rq", "category", "measured", "mec_max", "measured_rq_max"]  # fmt: skip
        estimates = ([r.get(k) for k in keys] for r in section_iter(run, ESTIMATES))
        sheets.append((_("estimated RQs"), chain([keys], estimates)))
    pnecs = [["cas", "pnec_id", "ng_l", "verified", "basis"]]
    pnecs += [[cas, v["id"], v["ng_l"], v["verified"], v["basis"]] for cas, v in run.inputs.get("pnecs", {}).items()]
    sheets.append(("PNEC", pnecs))
    return sheets

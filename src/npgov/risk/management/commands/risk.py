"""``npgov risk prioritise [--json] FILE``: NORMAN-style prioritisation of substances from monitoring data.

``npgov risk pec --release KG_A [--pnec NG_L] [--koc L_KG] [--removal F] [--emission-days D] [--dilution N]
[--json]``: the local PEC in surface water of one release, step by step (issue 18). ``npgov risk estimates [--run
ID] [--json]``: a run's estimated RQs of unmonitored substances (the newest fresh-water run by default).

``npgov risk plan-draft --budget N [--samples-per-year N] [--distance-km KM] [--json]``: the lines the draft of
next year's monitoring plan proposes, with their reasons (a read: the bureau saves a plan on the page).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from npgov.risk.models import AssessmentRun
from npgov.risk.results import ESTIMATES, section_rows, sections_of
from npgov.risk.selectors import latest_done_run
from npgov.science.exposure import ExposureError, LocalWaterScenario, estimated_rq, pec_local_water
from npgov.science.prioritisation import BAND_TABLE, prioritise


class Command(BaseCommand):
    help = (
        "prioritise: FoE, EoE, risk score and action category per substance, from per-site rows (cas, site, mec, "
        "loq, pnec) or NORMAN-style summaries (cas, n_sites, n_sites_above_pnec, mec95, mec_max, loq_min, pnec)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        prioritise_ = actions.add_parser("prioritise", help="NORMAN-style scores from a CSV file")
        prioritise_.add_argument("file", type=Path, help="CSV, UTF-8 (with or without BOM)")
        prioritise_.add_argument("--json", action="store_true", help="print a JSON array, one object per substance")
        prioritise_.add_argument("--provisional", default="", help="comma-separated CAS RNs whose PNEC is provisional")
        prioritise_.add_argument("--min-sites", type=int, default=10,
                                 help="sites needed for 'enough monitoring data'")  # fmt: skip
        pec = actions.add_parser("pec", help="the local PEC in surface water of one release (EU standard town)")
        pec.add_argument("--release", type=float, required=True, help="yearly release to waste water, kg/a")
        pec.add_argument("--pnec", type=float, help="PNEC in ng/L: also print the estimated RQ")
        pec.add_argument("--koc", type=float, default=0.0, help="Koc in L/kg (default 0: no sorption)")
        pec.add_argument(
            "--removal",
            type=float,
            default=None,
            help="fraction leaving the sewage works with the effluent, 0–1 (default: no removal)",
        )
        pec.add_argument("--emission-days", type=float, default=None, help="days of release a year (default 300)")
        pec.add_argument("--dilution", type=float, default=None, help="dilution in the river (default 10)")
        pec.add_argument("--json", action="store_true")
        estimates = actions.add_parser("estimates", help="a run's estimated RQs of unmonitored substances")
        estimates.add_argument("--run", type=int, help="the run's id (default: the newest fresh-water run)")
        estimates.add_argument("--json", action="store_true")
        plan = actions.add_parser("plan-draft", help="the lines next year's monitoring plan draft proposes")
        plan.add_argument("--budget", type=int, required=True, help="analyses a year, 1–100000")
        plan.add_argument("--samples-per-year", type=int, default=4, help="each line's samples a year, 1–365")
        plan.add_argument("--distance-km", type=float, default=10.0, help="enterprises this near count, 0–200 km")
        plan.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "pec":
            self._pec(options)
            return
        if options["action"] == "estimates":
            self._estimates(options)
            return
        if options["action"] == "plan-draft":
            self._plan_draft(options)
            return
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = [{k.strip(): (v or "").strip() for k, v in row.items() if k} for row in csv.DictReader(handle)]
        provisional = [c.strip() for c in options["provisional"].split(",") if c.strip()]
        try:
            priorities = prioritise(rows, provisional_pnec=provisional, min_sites=options["min_sites"])
        except (ValueError, KeyError) as exc:
            raise CommandError(str(exc)) from exc
        keys = ("cas", "frequency_of_exceedance", "extent_of_exceedance", "frequency_score", "extent_score",
                "risk_score", "category")  # fmt: skip
        if options["json"]:
            rows = [{k: dict(p)[k] for k in keys} for p in priorities]
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"# band table: {BAND_TABLE}")
        for p in priorities:
            self.stdout.write(
                f"{p['cas']}\tFoE={p['frequency_of_exceedance']}\tEoE={p['extent_of_exceedance']}\t"
                f"score={p['risk_score']}\tcategory={p['category']}"
            )

    def _pec(self, options: dict[str, Any]) -> None:
        given = {name: options[key] for name, key in (("emission_days", "emission_days"), ("dilution", "dilution"))
                 if options[key] is not None}  # fmt: skip
        try:
            scenario = LocalWaterScenario(**given)
            pec = pec_local_water(options["release"], koc_l_per_kg=options["koc"],
                                  fraction_to_effluent=options["removal"], scenario=scenario)  # fmt: skip
            rq = estimated_rq(pec, options["pnec"]) if options["pnec"] is not None else None
        except ExposureError as exc:
            raise CommandError(str(exc)) from exc
        steps = {
            "release_kg_per_year": pec.release_kg_per_year, "elocal_kg_per_day": pec.elocal_kg_per_day,
            "clocal_inf_mg_per_l": pec.clocal_inf_mg_per_l, "fraction_to_effluent": pec.fraction_to_effluent,
            "clocal_eff_mg_per_l": pec.clocal_eff_mg_per_l, "kp_susp_l_per_kg": pec.kp_susp_l_per_kg,
            "clocal_water_mg_per_l": pec.clocal_water_mg_per_l, "pec_ng_per_l": pec.pec_ng_per_l,
            "removal_known": pec.removal_known, "estimated_rq": rq,
        }  # fmt: skip
        if options["json"]:
            self.stdout.write(json.dumps(steps, indent=2))
            return
        for name, value in steps.items():
            if value is not None:
                self.stdout.write(f"{name}\t{value:.6g}" if isinstance(value, float) else f"{name}\t{value}")
        if not pec.removal_known:
            self.stdout.write("# no sewage-treatment removal applied (worst case); the defaults are not verified")

    def _estimates(self, options: dict[str, Any]) -> None:
        if options["run"] is not None:
            run = AssessmentRun.objects.filter(pk=options["run"]).first()
            if run is None:
                raise CommandError(f"no run {options['run']}")
        else:
            run = latest_done_run()
            if run is None:
                raise CommandError("no finished fresh-water run")
        if ESTIMATES not in sections_of(run):
            raise CommandError(f"run {run.pk} has no estimates (started without the option, or a health run)")
        keys = ("cas", "name", "enterprises", "release_kg_worst", "pec", "pnec", "rq", "category", "measured",
                "mec_max")  # fmt: skip
        rows = [{k: row.get(k) for k in keys} for row in section_rows(run, ESTIMATES)]
        if options["json"]:
            self.stdout.write(json.dumps({"run": run.pk, "inputs": run.inputs.get(ESTIMATES), "estimates": rows},
                                         ensure_ascii=False, indent=2))  # fmt: skip
            return
        self.stdout.write(f"# run {run.pk} {run.title}: estimates (PEC / PNEC), not measurements")
        for row in rows:
            measured = f"\tMEC max={row['mec_max']:.3g}" if row["measured"] and row["mec_max"] is not None else ""
            self.stdout.write(f"{row['cas']}\t{row['name']}\tPEC={row['pec']:.3g} ng/L\tRQ={row['rq']:.3g}\t"
                              f"{row['category']}{measured}")  # fmt: skip

    def _plan_draft(self, options: dict[str, Any]) -> None:
        # reads five apps: imported only when asked
        from npgov.risk.planning import draft_as_data, plan_draft
        from npgov.risk.views_planning import DraftQueryForm

        names = ("budget", "samples_per_year", "distance_km")
        form = DraftQueryForm({name: options[name] for name in names})
        if not form.is_valid():
            raise CommandError("; ".join(f"--{name.replace('_', '-')}: {' '.join(str(e) for e in errors)}"
                                         for name, errors in form.errors.items()))  # fmt: skip
        data = draft_as_data(plan_draft(**form.cleaned_data))
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"# {data['analyses']} of {data['budget']} analyses chosen; * = chosen")
        for line in data["lines"]:
            mark = "*" if line["selected"] else " "
            self.stdout.write(f"{mark} {line['site']}\t{line['substance']}\t{line['score']}\t"
                              f"{','.join(line['reasons'])}\t{line['lab'] or '-'}")  # fmt: skip

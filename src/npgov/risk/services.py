"""Loading the shipped PNECs (reference data) and the lowest PNEC per substance."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.db import transaction

from npgov.core.registry import DataStep, registry

DATA_FILE = Path(__file__).resolve().parent / "data" / "pnecs.csv"


@transaction.atomic
def pnecs_load(*, path: Path | None = None) -> dict[str, int]:
    """Create or update the shipped PNECs; a row is identified by substance, compartment, value and basis."""
    from npgov.risk.models import Pnec
    from npgov.substances.models import Substance

    counts = {"created": 0, "unchanged": 0, "substance_not_in_registry": 0}
    for row in csv.DictReader((path or DATA_FILE).open(encoding="utf-8")):
        substance = Substance.objects.filter(cas=row["cas"]).first()
        if substance is None:
            counts["substance_not_in_registry"] += 1
            continue
        _pnec, created = Pnec.objects.get_or_create(
            substance=substance, compartment=row["compartment"], value=float(row["value"]), basis=row["basis"][:200],
            defaults={"unit": row["unit"], "source": row["source"], "note": row["note"],
                      "verified": row["verified"] == "yes"},
        )  # fmt: skip
        counts["created" if created else "unchanged"] += 1
    return counts


def lowest_pnecs(*, compartment: str = "freshwater", verified_only: bool = False) -> dict[int, Any]:
    """substance id → its lowest PNEC in the compartment (verified ones first when asked)."""
    from npgov.risk.models import Pnec

    pnecs = Pnec.objects.filter(compartment=compartment).select_related("substance")
    if verified_only:
        pnecs = pnecs.filter(verified=True)
    lowest: dict[int, Any] = {}
    for pnec in pnecs.order_by("value_ng_l"):
        lowest.setdefault(pnec.substance_id, pnec)
    return lowest


registry.add_data_step(DataStep("pnecs", "PNECs", pnecs_load, order=40))


def run_compute(run: Any, progress: Any = None) -> dict[str, Any]:
    """Inputs and results of an assessment run of either kind (pure reads)."""
    if run.kind == "health":
        from npgov.risk.health import compute as health_compute

        return health_compute(run, progress)
    from npgov.risk.runs import compute as ecological_compute

    return ecological_compute(run, progress)


def run_execute(run: Any, progress: Any = None) -> Any:
    """Compute the run and store its inputs, results, digest and software version in one write."""
    from importlib.metadata import version

    from npgov.risk.models import AssessmentRun
    from npgov.risk.runs import digest_of

    data = run_compute(run, progress)
    with transaction.atomic():
        run.inputs, run.results = data["inputs"], data["results"]
        run.digest = digest_of(data["results"])
        run.software = f"npgov {version('npgov')}"
        run.status = AssessmentRun.Status.DONE
        run.save()
    return run


def run_reproduces(run: Any) -> bool:
    """Whether computing the run again over today's data gives the same results (same digest)."""
    from npgov.risk.runs import digest_of

    return digest_of(run_compute(run)["results"]) == run.digest


def run_start(*, run: Any, user: Any) -> Any:
    """Save a new run (from the page's or the API's validated form) and queue its computation; returns the job."""
    from django.utils.translation import gettext as _

    from npgov.core.services.jobs import job_enqueue
    from npgov.risk.tasks import assessment_run_task

    run.created_by = user
    run.save()
    return job_enqueue(task=assessment_run_task, user=user, name=_("Risk assessment: %(title)s") % {"title": run.title},
                       params={"run": run.pk})  # fmt: skip

"""Computing an assessment run of either kind and storing it; the job of ``risk.tasks`` and of the demo."""

from __future__ import annotations

from importlib.metadata import version
from typing import Any

from django.db import transaction

from npgov.core.types import ProgressCallback
from npgov.risk import health, runs
from npgov.risk.models import AssessmentRun
from npgov.risk.runs import digest_of


def run_compute(run: AssessmentRun, progress: ProgressCallback | None = None) -> dict[str, Any]:
    """Inputs and results of an assessment run of either kind (pure reads)."""
    if run.kind == "health":
        return health.compute(run, progress)
    return runs.compute(run, progress)


def run_execute(run: AssessmentRun, progress: ProgressCallback | None = None) -> AssessmentRun:
    """Compute the run and store its inputs, results, digest and software version in one write."""
    data = run_compute(run, progress)
    with transaction.atomic():
        run.inputs, run.results = data["inputs"], data["results"]
        run.digest = digest_of(data["results"])
        run.software = f"npgov {version('npgov')}"
        run.status = AssessmentRun.Status.DONE
        run.save()
    return run


def run_reproduces(run: AssessmentRun, progress: ProgressCallback | None = None) -> bool:
    """Whether computing the run again over today's data gives the same results (same digest)."""
    return digest_of(run_compute(run, progress)["results"]) == run.digest

"""The demo story at test scale: the demo steps of ``npgov demo`` with a small survey and no monitoring data.

Used by the navigation crawl (every role's links on demo-like data) and by the demo story test. Monitoring's
100,000 results are left out (too slow for the suite); the ecological run the expert's review comes from is
given its results directly, in place of computing them from monitoring data.
"""

from __future__ import annotations

from typing import Any

from npgov.core.demo import create_demo_users
from npgov.core.management.events import coalesced_events
from npgov.core.models import User
from npgov.substances.models import Substance

SURVEY_ENTERPRISES = 24
RANKED_CAS = ["335-67-1", "1763-23-1", "80-05-7"]


def build_demo_world() -> dict[str, Any]:
    """Run the demo steps (as ``npgov demo`` orders them) and return their outcomes by step."""
    from npgov.compliance.demo import create_compliance_demo
    from npgov.enforcement.demo import create_products_demo
    from npgov.enforcement.inspections.demo import create_inspection_demo
    from npgov.risk.demo import _review_request, create_risk_demo
    from npgov.risk.models import AssessmentRun
    from npgov.surveys.demo import create_survey_demo
    from npgov.workplan.demo import create_workplan_demo

    outcomes: dict[str, Any] = {}
    steps = [
        ("users", create_demo_users),
        ("workplan", create_workplan_demo),
        ("survey", lambda: create_survey_demo(enterprises=SURVEY_ENTERPRISES)),
        ("compliance", create_compliance_demo),
        ("risk", create_risk_demo),
        ("products", create_products_demo),
        ("inspections", create_inspection_demo),
    ]
    for key, step in steps:
        with coalesced_events():
            outcomes[key] = step()
    # Without monitoring data the ecological run ranks nothing: give it the ranking it would compute.
    run = AssessmentRun.objects.filter(kind=AssessmentRun.Kind.ECOLOGICAL).first()
    if run is not None and not run.results.get("substances"):
        ranked = []
        for n, substance in enumerate(Substance.objects.filter(cas__in=RANKED_CAS).order_by("cas")):
            ranked.append({"cas": substance.cas, "substance_id": substance.pk, "name": substance.name_zh,
                           "risk_score": 2.0 - n / 10, "frequency_of_exceedance": 0.5,
                           "extent_of_exceedance": 3.0, "category": 1})  # fmt: skip
        run.results = {**run.results, "substances": ranked}
        run.status = AssessmentRun.Status.DONE
        run.save()
        with coalesced_events():
            outcomes["review"] = _review_request(
                run, User.objects.get(username="bureau"), User.objects.get(username="expert")
            )
    return outcomes

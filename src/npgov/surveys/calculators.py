"""KPI calculators the survey provides to the work plan (Dalian task (二), Lianyungang task 3)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from npgov.core.registry import KeyFigure, KpiCalculator, registry

DONE = ("submitted", "city_review", "accepted")


def survey_completion(plan: Any, district: Any, period_end: date) -> float | None:
    """Share (%) of operating in-scope enterprises that have submitted the latest campaign due by period end.

    In scope: the campaign's industries (all, when it names none), in the district (or anywhere in the
    city for the city's value). Submitted counts once the enterprise has signed and submitted, whatever
    the reviewers have done since. None when no campaign of the plan's city is due yet.
    """
    from npgov.enterprises.choices import EnterpriseStatus
    from npgov.enterprises.models import Enterprise
    from npgov.surveys.models import Campaign, Submission

    campaign = Campaign.objects.filter(city=plan.city, deadline__lte=period_end).order_by("-deadline").first()
    if campaign is None:
        return None
    enterprises = Enterprise.objects.filter(status=EnterpriseStatus.OPERATING).select_related("district__parent")
    industries = list(campaign.industries.values_list("pk", flat=True))
    if industries:
        enterprises = enterprises.filter(industry__in=industries)
    in_scope = {e.pk for e in enterprises if e.district.is_within(district)}
    if not in_scope:
        return None
    done = Submission.objects.filter(campaign=campaign, status__in=DONE, enterprise__in=in_scope).count()
    return 100 * done / len(in_scope)


registry.add_calculator(
    KpiCalculator("survey-completion", _("share of in-scope enterprises that submitted the survey"), survey_completion)
)


def _submitted(year: int) -> int:
    from npgov.surveys.models import Submission

    return Submission.objects.filter(campaign__year=year, status__in=DONE).count()


def _accepted_lines(year: int) -> int:
    from npgov.surveys.models import SubmissionLine

    return SubmissionLine.objects.filter(submission__campaign__year=year, submission__status="accepted").count()


registry.add_figure(KeyFigure("survey-submitted", _("Survey reports submitted for the year"), _submitted, 30))
registry.add_figure(KeyFigure("survey-lines", _("Substance lines in accepted survey reports"), _accepted_lines, 31))

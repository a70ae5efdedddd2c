"""KPI calculators the survey provides to the work plan (Dalian task (二), Lianyungang task 3)."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from django.utils.translation import gettext_lazy as _

from npgov.core.models import District
from npgov.core.registry import KeyFigure, KpiCalculator, registry
from npgov.enterprises.selectors import enterprise_operating
from npgov.surveys.choices import SubmissionStatus
from npgov.surveys.models import Campaign, Submission
from npgov.surveys.selectors import accepted_lines


class CityPlan(Protocol):
    """What the calculator needs of a work plan (workplan is a higher layer: not imported here)."""

    city: District


DONE = (SubmissionStatus.SUBMITTED, SubmissionStatus.CITY_REVIEW, SubmissionStatus.ACCEPTED)


def _within(district: District) -> list[int]:
    """The district and every division below it: one query per level, not one per enterprise."""
    ids: list[int] = []
    frontier = [district.pk]
    while frontier:
        ids.extend(frontier)
        frontier = [pk for pk in District.objects.filter(parent__in=frontier).values_list("pk", flat=True)
                    if pk not in ids]  # fmt: skip
    return ids


def survey_completion(plan: CityPlan, district: District, period_end: date) -> float | None:
    """Share (%) of operating in-scope enterprises that have submitted the latest campaign due by period end.

    In scope: the campaign's industries (all, when it names none), in the district (or anywhere in the
    city for the city's value). Submitted counts once the enterprise has signed and submitted, whatever
    the reviewers have done since. None when no campaign of the plan's city is due yet.
    """
    campaign = Campaign.objects.filter(city=plan.city, deadline__lte=period_end).order_by("-deadline").first()
    if campaign is None:
        return None
    enterprises = enterprise_operating()
    industries = list(campaign.industries.values_list("pk", flat=True))
    if industries:
        enterprises = enterprises.filter(industry__in=industries)
    in_scope = set(enterprises.filter(district__in=_within(district)).values_list("pk", flat=True))
    if not in_scope:
        return None
    done = Submission.objects.filter(campaign=campaign, status__in=DONE, enterprise__in=in_scope).count()
    return 100 * done / len(in_scope)


def _submitted(year: int) -> int:
    return Submission.objects.filter(campaign__year=year, status__in=DONE).count()


def _accepted_lines(year: int) -> int:
    return accepted_lines(year=year).count()


def register() -> None:
    """Called once from SurveysConfig.ready()."""
    registry.add_calculator(
        KpiCalculator(
            "survey-completion", _("share of in-scope enterprises that submitted the survey"), survey_completion
        )
    )
    registry.add_figure(KeyFigure("survey-submitted", _("Survey reports submitted for the year"), _submitted, 30))
    registry.add_figure(KeyFigure("survey-lines", _("Substance lines in accepted survey reports"), _accepted_lines, 31))

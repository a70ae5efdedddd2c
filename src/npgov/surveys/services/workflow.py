"""The survey workflow: an enterprise drafts and submits, the district then the city review, accept or return."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from npgov.core.choices import ALL_ACCESS_ROLES, Role
from npgov.core.exceptions import ApplicationError
from npgov.core.models import User
from npgov.core.permissions import ensure_visible
from npgov.core.signals import emit
from npgov.regulations.services.classification import classify_identifier
from npgov.science.tiers import missing_tier_fields, required_tiers
from npgov.surveys.choices import ReviewLevel, SubmissionStatus
from npgov.surveys.models import Campaign, ReviewComment, Submission, SubmissionLine
from npgov.surveys.services.tiers import tier_rules

if TYPE_CHECKING:
    from npgov.enterprises.models import Enterprise

# An annual quantity above this is almost always kilograms typed into the tonnes column.
IMPLAUSIBLE_TONNES = Decimal(100_000)


@transaction.atomic
def submission_start(*, campaign: Campaign, enterprise: Enterprise, user: User) -> Submission:
    """Open the enterprise's draft for a campaign (one per enterprise and campaign)."""
    existing = Submission.objects.filter(campaign=campaign, enterprise=enterprise).first()
    if existing is not None:
        return existing
    submission = Submission(campaign=campaign, enterprise=enterprise)
    submission.full_clean()
    submission.save()
    ensure_visible(user, [submission], "add")
    return submission


def _require_editable(submission: Submission) -> None:
    if not submission.editable:
        raise ApplicationError(_("Only a draft or a returned submission can be changed."))


# The longest text of each free-text column (the form's and the upload's limit; ``uses`` is the model's).
TEXT_MAX_LENGTH = {"identifier": 300, "uses": 300, "process": 300, "disposal": 300, "control_measures": 2000,
                   "exempted_use": 300}  # fmt: skip


def line_rules(
    *, scope: set[str], matches: Any, substance: Any, activity: str, quantity_t: Decimal,
    releases: Mapping[str, Decimal],
) -> list[tuple[str, str, str]]:  # fmt: skip
    """The survey's rules on one line, as (field, code, message): the campaign's substance scope, an implausible
    quantity, releases above the quantity handled. One place for the form, the upload and the services."""
    problems = []
    if scope and not any(m.entry.regulatory_list.code in scope for m in matches):
        problems.append(("identifier", "outside_scope",
                         _("%(substance)s is outside this campaign's substance scope (%(lists)s).")
                         % {"substance": substance, "lists": ", ".join(sorted(scope))}))  # fmt: skip
    if quantity_t > IMPLAUSIBLE_TONNES:
        problems.append(("quantity_t", "implausible",
                         _("%(q)s t/a is implausible: is the quantity in kilograms? Enter tonnes per year.")
                         % {"q": quantity_t}))  # fmt: skip
    elif sum(releases.values(), Decimal(0)) > quantity_t * 1000 and activity != "export":
        problems.append(("quantity_t", "releases_exceed_quantity",
                         _("Releases and transfers exceed the quantity handled (%(q)s t = %(kg)s kg).")
                         % {"q": quantity_t, "kg": quantity_t * 1000}))  # fmt: skip
    return problems


def campaign_scope(submission: Submission) -> set[str]:
    """The codes of the lists a campaign's substances must be on (empty: any registry substance)."""
    return set(submission.campaign.lists.values_list("code", flat=True))


@transaction.atomic
def line_save(
    *,
    submission: Submission,
    user: User,
    identifier: str,
    activity: str,
    quantity_t: Decimal,
    uses: str = "",
    releases: dict[str, Decimal] | None = None,
    details: dict[str, str] | None = None,
    line: SubmissionLine | None = None,
    must_be_new: bool = False,
) -> SubmissionLine:
    """Add or change a line. The substance must resolve in the registry; its tiers are worked out here.

    Without ``line``, the same substance and activity again corrects the line already there, unless
    ``must_be_new`` (the page's "add a substance": a second line for them is refused, naming the first, so
    that no quantity is replaced without the enterprise seeing it).
    """
    _require_editable(submission)
    result = classify_identifier(identifier)
    substance = result.substance
    if substance is None:
        raise ApplicationError(
            result.errors[0]
            if result.errors
            else _("%(text)s is not in the substance registry: give its CAS RN, or ask the bureau to add it.")
            % {"text": identifier}
        )
    releases = releases or {}
    problems = line_rules(scope=campaign_scope(submission), matches=result.matches, substance=substance,
                          activity=activity, quantity_t=quantity_t, releases=releases)  # fmt: skip
    if problems:
        raise ApplicationError(problems[0][2])
    existing = submission.lines.filter(substance=substance, activity=activity)
    if line is not None:
        existing = existing.exclude(pk=line.pk)
    if line is None and must_be_new and (first := existing.first()) is not None:
        raise DuplicateLine(first)
    if line is not None and existing.exists():
        raise ApplicationError(_("This substance and activity is already reported."))
    # the same substance and activity again corrects the line already there
    line = line or existing.first()
    line = line or SubmissionLine(submission=submission)
    line.substance, line.activity, line.quantity_t, line.uses = substance, activity, quantity_t, uses
    for name, value in releases.items():
        setattr(line, name, value)
    line.tiers = required_tiers([(m.entry.regulatory_list.code, m.entry.item) for m in result.matches], tier_rules())
    line.details = {k: v for k, v in (details or {}).items() if str(v).strip()}
    line.full_clean()
    line.save()
    ensure_visible(user, [line], "change")
    return line


class DuplicateLine(ApplicationError):
    """A new line for a substance and activity the report already has (``line``): edit that one instead."""

    def __init__(self, line: SubmissionLine) -> None:
        super().__init__(
            _("%(substance)s (%(activity)s) is already reported with %(q)s t/a: edit that line to change it.")
            % {"substance": line.substance, "activity": line.get_activity_display(),
               "q": f"{line.quantity_t.normalize():f}"}  # fmt: skip
        )
        self.line = line


def _frozen_copy(submission: Submission) -> dict[str, Any]:
    return {
        "campaign": submission.campaign.title,
        "year": submission.campaign.year,
        "enterprise": {"uscc": submission.enterprise.uscc, "name": submission.enterprise.name},
        "sign_offs": {
            "filler": submission.filler,
            "reviewer": submission.reviewer,
            "legal_representative": submission.legal_representative,
        },
        "lines": [
            {
                "cas": line.substance.cas,
                "substance": str(line.substance),
                "activity": line.activity,
                "quantity_t": str(line.quantity_t),
                "uses": line.uses,
                "release_air_kg": str(line.release_air_kg),
                "release_water_kg": str(line.release_water_kg),
                "release_soil_kg": str(line.release_soil_kg),
                "transfer_kg": str(line.transfer_kg),
                "tiers": line.tiers,
                "details": line.details,
            }
            for line in submission.lines.select_related("substance")
        ],
    }


@transaction.atomic
def submission_submit(
    *, submission: Submission, user: User, filler: str, reviewer: str, legal_representative: str
) -> Submission:
    """Check completeness, freeze a copy of record with its SHA-256 and send the submission to the district."""
    _require_editable(submission)
    if not (filler.strip() and reviewer.strip() and legal_representative.strip()):
        raise ApplicationError(_("The filler, the enterprise's reviewer and the legal representative must all sign."))
    lines = list(submission.lines.select_related("substance"))
    if not lines:
        raise ApplicationError(_("Report at least one substance."))
    from npgov.surveys.services.upload import TITLE  # the fields' names as the form and the template show them

    incomplete = [
        f"{line.substance}：{'、'.join(str(TITLE.get(name, name)) for name in missing)}"
        for line in lines
        if (missing := missing_tier_fields(line.tiers, line.details))
    ]
    if incomplete:
        raise ApplicationError(
            _("Some lines lack what their tier requires: %(lines)s") % {"lines": "; ".join(incomplete)}
        )
    submission.filler, submission.reviewer, submission.legal_representative = filler, reviewer, legal_representative
    submission.frozen = _frozen_copy(submission)
    text = json.dumps(submission.frozen, sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder)
    submission.frozen_sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    submission.status, submission.submitted_at = SubmissionStatus.SUBMITTED, timezone.now()
    submission.full_clean()
    submission.save()
    return submission


@transaction.atomic
def submission_review(
    *,
    submission: Submission,
    user: User,
    approve: bool,
    comment: str = "",
    line_comments: Mapping[int, str] | None = None,
) -> Submission:
    """District review (submitted → city review) or city review (city review → accepted); either may return.

    ``line_comments`` maps line pks of this submission to a comment on that line.
    """
    if submission.status == SubmissionStatus.SUBMITTED:
        level, next_status = ReviewLevel.DISTRICT, SubmissionStatus.CITY_REVIEW
        allowed = user.role == Role.DISTRICT or user.role in ALL_ACCESS_ROLES or user.is_superuser
    elif submission.status == SubmissionStatus.CITY_REVIEW:
        level, next_status = ReviewLevel.CITY, SubmissionStatus.ACCEPTED
        allowed = user.role in ALL_ACCESS_ROLES or user.is_superuser
    else:
        raise ApplicationError(_("This submission is not awaiting review."))
    if not allowed:
        raise PermissionDenied
    ensure_visible(user, [submission], "change")
    on_lines = {pk: text.strip() for pk, text in (line_comments or {}).items() if text.strip()}
    if not approve and not comment.strip() and not on_lines:
        raise ApplicationError(_("Say why the submission is returned."))
    if comment.strip():
        ReviewComment.objects.create(submission=submission, level=level, text=comment.strip(), author=user)
    lines = submission.lines.in_bulk(list(on_lines))
    for pk, text in on_lines.items():
        if pk not in lines:
            raise ApplicationError(_("Line %(pk)s is not part of this submission.") % {"pk": pk})
        ReviewComment.objects.create(submission=submission, line=lines[pk], level=level, text=text, author=user)
    submission.status = next_status if approve else SubmissionStatus.RETURNED
    submission.save(update_fields=["status", "updated_at"])
    if submission.status in (SubmissionStatus.RETURNED, SubmissionStatus.ACCEPTED):
        returned = submission.status == SubmissionStatus.RETURNED
        emit(
            "submission_returned" if returned else "submission_accepted", key=f"surveys.submission:{submission.pk}",
            recipients=tuple(User.objects.filter(enterprises=submission.enterprise_id, is_active=True)
                             .values_list("pk", flat=True)),
            title=str(submission.campaign), url=submission.get_absolute_url(),
            note="\n".join([comment.strip(), *on_lines.values()]).strip() if returned else "", actor=user,
        )  # fmt: skip
    return submission

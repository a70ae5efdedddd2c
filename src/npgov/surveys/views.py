"""Pages of the survey: campaigns, an enterprise's submission with its lines, review."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from npgov.core.choices import Role
from npgov.core.exceptions import ApplicationError
from npgov.core.exports import csv_response, xlsx_response
from npgov.core.forms import ImportUploadForm
from npgov.core.importers import RowError
from npgov.core.models import User
from npgov.core.permissions import can
from npgov.core.throttle import UploadNotAllowed, check_upload_allowance
from npgov.core.types import SignedInRequest
from npgov.core.uploads import UploadRefused, discard_pending, find_pending, keep_pending
from npgov.core.views import generic
from npgov.enterprises.selectors import enterprise_visible
from npgov.science.tiers import TIER_FIELDS, TIER_ORDER, missing_tier_fields
from npgov.surveys import forms, selectors
from npgov.surveys.choices import TIER_LABELS, SubmissionStatus
from npgov.surveys.deadlines import submitted_late
from npgov.surveys.filtersets import SubmissionFilterSet
from npgov.surveys.models import Campaign, Submission, SubmissionLine
from npgov.surveys.params import object_id
from npgov.surveys.services import plausibility, upload, workflow
from npgov.surveys.tables import CampaignTable, ReviewQueueTable, SubmissionTable

LINE_DETAILS = ("process", "disposal", "control_measures", "exempted_use")
RELEASES = ("release_air_kg", "release_water_kg", "release_soil_kg", "transfer_kg")
UPLOAD_THROTTLE_KEY = "surveys.upload"
UPLOADS_PER_HOUR = 60


class CampaignListView(generic.ObjectListView):
    queryset = Campaign.objects.select_related("city")
    table_class = CampaignTable
    url_prefix = "surveys:campaign"
    export_name = "survey-campaigns"
    help_text = gettext_lazy("Rounds of the chemical environmental information survey.")


class CampaignEditView(generic.ObjectEditView):
    queryset = Campaign.objects.all()
    form_class = forms.CampaignForm
    url_prefix = "surveys:campaign"


def campaign_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    user = request.user
    campaign = generic.object_or_404(Campaign.objects.select_related("city"), user, "view", pk)
    submissions = Submission.objects.restrict(user, "view").filter(campaign=campaign).select_related("enterprise")
    visible = enterprise_visible(user=user)
    mine = visible if user.role == Role.ENTERPRISE else visible.none()
    if request.method == "POST":
        enterprise_id = object_id(request.POST.get("enterprise"))
        enterprise = mine.filter(pk=enterprise_id).first() if enterprise_id else None
        if enterprise is None:
            raise PermissionDenied
        submission = workflow.submission_start(campaign=campaign, enterprise=enterprise, user=user)
        return redirect(submission.get_absolute_url())
    return render(
        request,
        "surveys/campaign_detail.html",
        {
            "object": campaign,
            "submissions": submissions,
            "mine": mine,
            "may_change": can(user, Campaign, "change"),
            "industries": campaign.industries.all(),
            "lists": campaign.lists.all(),
        },
    )


class SubmissionListView(generic.ObjectListView):
    queryset = Submission.objects.select_related("campaign", "enterprise__district")
    filterset_class = SubmissionFilterSet
    table_class = SubmissionTable
    url_prefix = "surveys:submission"
    export_name = "survey-submissions"
    help_text = gettext_lazy("Submissions you may see; reviewers filter by status for their queue.")


# The review step each role carries out: the district reviews what enterprises submitted, the city what
# the districts passed.
QUEUE_STATUS = {
    Role.DISTRICT: SubmissionStatus.SUBMITTED,
    Role.BUREAU: SubmissionStatus.CITY_REVIEW,
    Role.SYSADMIN: SubmissionStatus.CITY_REVIEW,
}


class ReviewQueueView(SubmissionListView):
    """The submissions waiting for the signed-in reviewer's step, oldest submission first."""

    help_text = gettext_lazy(
        "Waiting for your review: submitted reports for a district reviewer, reports passed by a district for the "
        "city. Open one to pass it or return it with comments."
    )

    def get(self, request: HttpRequest) -> HttpResponseBase:
        if request.user.role not in QUEUE_STATUS:
            raise PermissionDenied
        return super().get(request)

    table_class = ReviewQueueTable

    def restricted(self, action: str) -> QuerySet[Submission]:
        return selectors.review_queue(visible=super().restricted(action), status=QUEUE_STATUS[self.request.user.role])

    def base_context(self) -> dict[str, Any]:
        return {**super().base_context(), "verbose_name_plural": _("my review queue")}


def submission_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    user = request.user
    submission = generic.object_or_404(Submission.objects.select_related("campaign", "enterprise"), user, "view", pk)
    may_edit = _may_edit(user, submission)
    if request.GET.get("template") in ("xlsx", "csv") and may_edit:
        sheets = upload.template_sheets()
        if request.GET["template"] == "csv":
            return csv_response(sheets[1][1], "survey-lines-template")
        return xlsx_response(sheets, "survey-template")
    upload_errors: list[Any] = []
    upload_preview: dict[str, Any] | None = None
    duplicate_line: SubmissionLine | None = None
    line_form, submit_form, review_form = (
        forms.LineForm(),
        forms.SubmitForm(initial=_sign_offs(submission)),
        forms.ReviewForm(),
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "line" and may_edit:
                line_form = forms.LineForm(request.POST)
                if line_form.is_valid():
                    try:
                        _save_line(submission, user, line_form.cleaned_data, must_be_new=True)
                    except workflow.DuplicateLine as exc:
                        line_form.add_error(None, exc.message)
                        duplicate_line = exc.line
                    except ValidationError as exc:
                        line_form.add_error(None, exc.messages)
                    else:
                        messages.success(request, _("Line saved."))
                        return redirect(submission.get_absolute_url())
            elif action == "upload" and may_edit:
                upload_errors, upload_preview = _upload_check(request, submission)
            elif action == "upload_confirm" and may_edit:
                upload_errors, upload_preview, saved = _upload_confirm(request, submission)
                if saved:
                    return redirect(submission.get_absolute_url())
            elif action == "delete_line" and may_edit:
                line_id = object_id(request.POST.get("line"))
                if line_id is None:
                    return HttpResponseBadRequest(_("No such line."))
                submission.lines.filter(pk=line_id).delete()
                return redirect(submission.get_absolute_url())
            elif action == "submit" and may_edit:
                submit_form = forms.SubmitForm(request.POST)
                if submit_form.is_valid():
                    workflow.submission_submit(submission=submission, user=user, **submit_form.cleaned_data)
                    messages.success(request, _("Submitted. The copy of record is kept with its SHA-256."))
                    return redirect(submission.get_absolute_url())
            elif action == "review":
                review_form = forms.ReviewForm(request.POST)
                if review_form.is_valid():
                    workflow.submission_review(
                        submission=submission,
                        user=user,
                        approve=review_form.cleaned_data["decision"] == "approve",
                        comment=review_form.cleaned_data["comment"],
                        line_comments=_line_comments(request.POST),
                    )
                    messages.success(request, _("Review recorded."))
                    return redirect(submission.get_absolute_url())
            else:
                raise PermissionDenied
        except ApplicationError as exc:
            messages.error(request, exc.message)
    may_review = _may_review(user, submission)
    lines = list(submission.lines.select_related("substance"))
    if submission.editable:  # before submission: what each line's tiers still need, beside the line
        for line in lines:
            line.missing = _missing_fields(line)
    if user.role != Role.ENTERPRISE:  # cross-checks are for reviewers, not the reporting enterprise
        flags = plausibility.submission_flags(submission)
        for line in lines:
            line.flags = flags.get(line.pk, [])
    return render(
        request,
        "surveys/submission_detail.html",
        {
            "object": submission,
            "lines": lines,
            "may_edit": may_edit,
            "may_review": may_review,
            "show_checks": user.role != Role.ENTERPRISE,
            "line_form": line_form,
            "submit_form": submit_form,
            "review_form": review_form,
            "comments": submission.comments.select_related("author", "line__substance"),
            "upload_errors": upload_errors,
            "upload_preview": upload_preview,
            "upload_limits": upload.LIMITS.describe(),
            "duplicate_line": duplicate_line,
            "late": submitted_late(submission),
            "tier_hints": submission.editable,
        },
    )


def _may_edit(user: User, submission: Submission) -> bool:
    """Only the enterprise edits its own report, and only while it is a draft or returned."""
    return (
        submission.editable
        and user.role == Role.ENTERPRISE
        and Submission.objects.restrict(user, "change").filter(pk=submission.pk).exists()
    )


def _upload_purpose(submission: Submission) -> str:
    return f"surveys.lines:{submission.pk}"


def _file_error(code: str, message: str) -> list[RowError]:
    return [RowError(0, "", code, message, sheet=upload.LINES_SHEET)]


def _upload_check(request: SignedInRequest, submission: Submission) -> tuple[list[Any], dict[str, Any] | None]:
    """Check an uploaded file without writing; when it is valid, keep it and show what would be stored."""
    upload_form = ImportUploadForm(request.POST, request.FILES, limits=upload.LIMITS)
    if not upload_form.is_valid():
        return _file_error("file_refused", " ".join(str(e) for e in upload_form.errors.get("file", []))), None
    try:
        check_upload_allowance(request.user, UPLOAD_THROTTLE_KEY, per_hour=UPLOADS_PER_HOUR, concurrent_jobs=0)
    except UploadNotAllowed as exc:
        return _file_error("throttled", exc.message), None
    file = upload_form.cleaned_data["file"]
    data = file.read()
    check = upload.lines_check(submission=submission, data=data, filename=file.name)
    if not check.report.ok:
        return check.report.errors, None
    pending = keep_pending(data, file.name, request.user, _upload_purpose(submission))
    return [], _preview(submission, check, pending.token, pending.filename)


def _preview(submission: Submission, check: upload.UploadCheck, token: str, filename: str) -> dict[str, Any]:
    return {"lines": check.lines, "digest": check.digest, "token": token, "filename": filename,
            "ignored_columns": check.ignored_columns, "replaces": submission.lines.count()}  # fmt: skip


def _upload_confirm(
    request: SignedInRequest, submission: Submission
) -> tuple[list[Any], dict[str, Any] | None, bool]:
    """Save a previewed file: the same user, submission and bytes, checked again, and only if the lines are
    still exactly those the preview showed. Returns (errors, a new preview, saved)."""
    try:
        pending = find_pending(request.POST.get("token", ""), request.user, _upload_purpose(submission))
    except UploadRefused as exc:
        return _file_error("expired_preview", str(exc)), None, False
    if request.POST.get("cancel"):
        discard_pending(pending)
        messages.info(request, _("The upload was cancelled; nothing was saved."))
        return [], None, True
    try:
        data = pending.read()
    except UploadRefused as exc:
        discard_pending(pending)
        return _file_error("expired_preview", str(exc)), None, False
    check = upload.lines_check(submission=submission, data=data, filename=pending.filename)
    if not check.report.ok:
        discard_pending(pending)
        return check.report.errors, None, False
    if check.digest != request.POST.get("digest"):
        messages.warning(request, _("The registry or the campaign changed since the preview: check the lines "
                                    "again before saving."))  # fmt: skip
        return [], _preview(submission, check, pending.token, pending.filename), False
    count = upload.lines_replace(submission=submission, user=request.user, lines=check.lines,
                                 filename=pending.filename)  # fmt: skip
    discard_pending(pending)
    messages.success(request, _("%(n)s lines from %(file)s saved.") % {"n": count, "file": pending.filename})
    return [], None, True


def _missing_fields(line: SubmissionLine) -> list[dict[str, str]]:
    """The fields the line's information tiers require and it lacks, with the label of the tier asking."""
    labels = forms.LineForm.base_fields
    tier_of = {name: tier for tier in reversed(TIER_ORDER) for name in TIER_FIELDS.get(tier, ())}
    return [
        {"name": name, "label": str(labels[name].label), "tier": str(TIER_LABELS.get(tier_of[name], tier_of[name]))}
        for name in missing_tier_fields(line.tiers, line.details)
        if name in labels
    ]


def _line_initial(line: SubmissionLine) -> dict[str, Any]:
    initial: dict[str, Any] = {name: getattr(line, name) for name in ("activity", "quantity_t", "uses", *RELEASES)}
    initial["identifier"] = line.substance.cas or line.substance.name_zh or line.substance.name_en
    initial.update({name: line.details.get(name, "") for name in LINE_DETAILS})
    return initial


def line_edit(request: SignedInRequest, pk: int, line_pk: int) -> HttpResponse:
    """Change one line of a report in place (the enterprise, while the report is editable)."""
    user = request.user
    submission = generic.object_or_404(Submission.objects.select_related("campaign", "enterprise"), user, "view", pk)
    if not _may_edit(user, submission):
        raise PermissionDenied
    line = get_object_or_404(submission.lines.select_related("substance"), pk=line_pk)
    form = forms.LineForm(request.POST or None, initial=_line_initial(line))
    missing = _missing_fields(line)
    for item in missing:
        form.fields[item["name"]].help_text = _("Required for the %(tier)s tier.") % {"tier": item["tier"]}
    if request.method == "POST" and form.is_valid():
        try:
            _save_line(submission, user, form.cleaned_data, line=line)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Line saved."))
            return redirect(f"{submission.get_absolute_url()}#line-{line.pk}")
    return render(request, "surveys/line_edit.html", {"object": submission, "line": line, "form": form,
                                                      "missing": missing})  # fmt: skip


def _line_comments(post: Any) -> dict[int, str]:
    """The per-line comment fields of the review form, named ``line_comment_<pk>``."""
    comments = {}
    for name, text in post.items():
        if name.startswith("line_comment_"):
            line_id = object_id(name.removeprefix("line_comment_"))
            if line_id is None:
                raise ApplicationError(_("Line %(pk)s is not part of this submission.")
                                       % {"pk": name.removeprefix("line_comment_")[:30]})  # fmt: skip
            comments[line_id] = text
    return comments


def _sign_offs(submission: Submission) -> dict[str, str]:
    return {
        "filler": submission.filler,
        "reviewer": submission.reviewer,
        "legal_representative": submission.legal_representative,
    }


def _save_line(
    submission: Submission, user: User, data: dict[str, Any], line: SubmissionLine | None = None,
    must_be_new: bool = False,
) -> SubmissionLine:
    return workflow.line_save(
        line=line,
        must_be_new=must_be_new,
        submission=submission,
        user=user,
        identifier=data["identifier"],
        activity=data["activity"],
        quantity_t=data["quantity_t"],
        uses=data["uses"],
        releases={name: data[name] or 0 for name in RELEASES},
        details={name: data[name] for name in LINE_DETAILS},
    )


def _may_review(user: User, submission: Submission) -> bool:
    if submission.status == "submitted":
        return user.is_superuser or user.role in ("sysadmin", "bureau", "district")
    if submission.status == "city_review":
        return user.is_superuser or user.role in ("sysadmin", "bureau")
    return False


def inventory_view(request: SignedInRequest) -> HttpResponse:
    """The key chemical substance database: accepted survey data by substance, industry, district or enterprise."""
    campaigns = Campaign.objects.order_by("-year")
    asked = request.GET.get("campaign", "")
    campaign_id = object_id(asked)
    campaign = campaigns.filter(pk=campaign_id).first() if campaign_id else None
    if asked and campaign is None:
        messages.warning(request, _("There is no campaign %(value)s: the latest one is shown.") % {"value": asked[:40]})
    campaign = campaign or campaigns.first()
    groupings = {"substance": _("substance"), "industry": _("industry"), "district": _("district")}
    if selectors.sees_individual_data(request.user):
        groupings["enterprise"] = _("enterprise")
    asked_by = request.GET.get("by", "")
    by = asked_by if asked_by in groupings else "substance"
    if asked_by and asked_by != by:
        messages.warning(request, _("This grouping is not available: the data are shown by substance."))
    rows = selectors.inventory(campaign=campaign, by=by, user=request.user) if campaign else []
    if request.GET.get("export") == "xlsx" and campaign:
        header = [
            groupings[by],
            _("enterprises"),
            _("annual quantity (t/a)"),
            _("release to air (kg/a)"),
            _("release to water (kg/a)"),
            _("release to soil (kg/a)"),
            _("transfers off site (kg/a)"),
        ]
        data = [
            [r.label, r.enterprises, *(r.values.values() if not r.suppressed else [_("suppressed")] * 5)] for r in rows
        ]
        return xlsx_response([(_("inventory"), [header, *data])], f"inventory-{campaign.year}-{by}")
    chart = json.dumps(
        {
            "labels": [r.label for r in rows if not r.suppressed][:20],
            "values": [float(r.values["quantity_t"] or 0) for r in rows if not r.suppressed][:20],
        },
        ensure_ascii=False,
    )
    return render(
        request,
        "surveys/inventory.html",
        {
            "campaign": campaign,
            "campaigns": campaigns,
            "rows": rows,
            "by": by,
            "by_label": groupings[by],
            "groupings": groupings,
            "chart": chart,
            "min_enterprises": selectors.MIN_ENTERPRISES,
        },
    )

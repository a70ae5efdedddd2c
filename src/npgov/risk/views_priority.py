"""Pages of the local priority list: draft from a run, assign experts, expert review, publication."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from npgov.core.choices import ALL_ACCESS_ROLES, Role
from npgov.core.types import SignedInRequest
from npgov.core.views import generic
from npgov.risk import forms, tables
from npgov.risk.models import PriorityDraft, PriorityReview
from npgov.risk.priority import (
    PriorityError,
    draft_from_run,
    draft_publish,
    draft_withdraw,
    experts_assign,
    items_select,
    publication_blockers,
    review_submit,
)


def _bureau(request: SignedInRequest) -> None:
    if not (request.user.is_superuser or request.user.role in ALL_ACCESS_ROLES):
        raise PermissionDenied


class PriorityListView(generic.ObjectListView):
    queryset = PriorityDraft.objects.select_related("district", "run", "published_list")
    table_class = tables.PriorityDraftTable
    url_prefix = "risk:priority"
    export_name = "priority-lists"
    help_text = gettext_lazy(
        "Local priority lists of new pollutants: drafted from the ranking of a risk assessment run, reviewed by "
        "assigned experts, then published by the bureau as the regulatory list CITY-<district code>-PRIORITY-<year>, "
        "which classification, surveys and compliance read like the national lists."
    )


def priority_add(request: SignedInRequest) -> HttpResponse:
    _bureau(request)
    form = forms.PriorityDraftForm(request.POST or None, initial={"run": request.GET.get("run")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            draft = draft_from_run(run=data["run"], district=data["district"], year=data["year"], title=data["title"],
                                   user=request.user, size=data["size"])  # fmt: skip
        except PriorityError as exc:
            form.add_error("run", str(exc))
        else:
            messages.success(request, _("Draft created with %(n)s candidates.") % {"n": draft.items.count()})
            return redirect(draft.get_absolute_url())
    return render(request, "risk/priority_form.html", {"form": form}, status=400 if form.errors else 200)


def priority_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    draft = generic.object_or_404(PriorityDraft.objects.select_related("district", "run", "published_list"),
                                  request.user, "view", pk)  # fmt: skip
    return _detail(request, draft)


def _detail(request: SignedInRequest, draft: PriorityDraft, review_form: forms.ReviewForm | None = None,
            status: int = 200) -> HttpResponse:  # fmt: skip
    """The draft's page; `review_form` is the expert's bound form when it came back with errors."""
    is_bureau = request.user.is_superuser or request.user.role in ALL_ACCESS_ROLES
    own_review = None
    if request.user.role == Role.EXPERT:
        own_review = draft.reviews.filter(expert__user=request.user).first()
    context = {
        "draft": draft, "items": draft.items.select_related("substance"),
        "reviews": draft.reviews.select_related("expert"), "is_bureau": is_bureau,
        "blockers": publication_blockers(draft, response="-"), "own_review": own_review,
        "dissent": draft.reviews.filter(verdict=PriorityReview.Verdict.DISAGREE).exists(),
        "publish_form": forms.PublishForm(),
        "experts_form": forms.ExpertsForm() if is_bureau else None,
        "review_form": review_form or (forms.ReviewForm(review=own_review) if own_review else None),
        "editable": is_bureau and draft.status in (PriorityDraft.Status.DRAFT, PriorityDraft.Status.REVIEW),
    }  # fmt: skip
    return render(request, "risk/priority_detail.html", context, status=status)


@require_POST
def priority_items(request: SignedInRequest, pk: int) -> HttpResponse:
    """The bureau takes substances on or off the draft (before publication)."""
    _bureau(request)
    draft = get_object_or_404(PriorityDraft, pk=pk)
    keep = {int(v) for v in request.POST.getlist("included") if v.isdigit()}
    try:
        changed = items_select(draft=draft, included_ids=keep, user=request.user)
    except PriorityError as exc:
        messages.error(request, str(exc))
        return redirect(draft)
    if changed and draft.reviews.exists():
        messages.warning(request, _("The selection changed: the experts' reviews are pending again."))
    messages.success(request, _("%(n)s substances on the list.") % {"n": draft.items.filter(included=True).count()})
    return redirect(draft)


@require_POST
def priority_experts(request: SignedInRequest, pk: int) -> HttpResponse:
    _bureau(request)
    draft = get_object_or_404(PriorityDraft, pk=pk)
    form = forms.ExpertsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose at least one expert from the pool."))
        return redirect(draft)
    try:
        n = experts_assign(draft=draft, experts=list(form.cleaned_data["experts"]), user=request.user)
    except PriorityError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(n)s expert(s) asked to review.") % {"n": n})
    return redirect(draft)


@require_POST
def priority_review(request: SignedInRequest, pk: int) -> HttpResponse:
    """An assigned expert submits (or revises) their verdict."""
    review = get_object_or_404(PriorityReview.objects.restrict(request.user, "change").select_related("draft"),
                               draft_id=pk, expert__user=request.user)  # fmt: skip
    form = forms.ReviewForm(request.POST)
    if not form.is_valid():  # the form comes back with the expert's verdict and text kept
        return _detail(request, review.draft, review_form=form)
    try:
        review_submit(review=review, verdict=form.cleaned_data["verdict"], comment=form.cleaned_data["comment"],
                      user=request.user)  # fmt: skip
    except PriorityError as exc:
        if review.draft.status != PriorityDraft.Status.REVIEW:
            messages.error(request, str(exc))
            return redirect(review.draft)
        form.add_error(None, str(exc))
        return _detail(request, review.draft, review_form=form)
    else:
        messages.success(request, _("Your review is recorded."))
    return redirect(review.draft)


@require_POST
def priority_publish(request: SignedInRequest, pk: int) -> HttpResponse:
    _bureau(request)
    draft = get_object_or_404(PriorityDraft, pk=pk)
    form = forms.PublishForm(request.POST)
    form.is_valid()
    try:
        published = draft_publish(draft=draft, user=request.user, response=form.cleaned_data.get("response", ""))
    except PriorityError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Published as %(code)s, revision %(rev)s.")
                         % {"code": published.code, "rev": published.revision})  # fmt: skip
    return redirect(draft)


@require_POST
def priority_withdraw(request: SignedInRequest, pk: int) -> HttpResponse:
    _bureau(request)
    draft = get_object_or_404(PriorityDraft, pk=pk)
    try:
        draft_withdraw(draft=draft, user=request.user)
    except PriorityError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The draft is withdrawn."))
    return redirect(draft)

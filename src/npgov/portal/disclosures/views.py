"""Pages of the disclosures: the public list and versions, the enterprise's workspace, the officials' review."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from npgov.core.choices import ALL_ACCESS_ROLES, Role
from npgov.core.pagecache import public_page
from npgov.core.types import AnyUser, SignedInRequest
from npgov.enterprises.selectors import enterprise_visible
from npgov.portal.disclosures import forms, selectors, services
from npgov.portal.disclosures.models import Disclosure
from npgov.science import disclosure as science

PER_PAGE = 20
REVIEW_FILTERS = {
    "": None,
    "missing": lambda r: r.state.published is None,
    "overdue": lambda r: r.overdue,
    "disagree": lambda r: bool(r.differences),
}


def _int(value: str | None) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if 0 < number < 10**9 else None


def _is_enterprise_user(user: AnyUser) -> bool:
    return user.is_authenticated and user.role == Role.ENTERPRISE


def _enterprise_user(request: SignedInRequest) -> None:
    if not _is_enterprise_user(request.user):
        raise PermissionDenied(_("Only an enterprise's own users prepare its disclosures."))


# --- public ----------------------------------------------------------------------------------------------------
@login_not_required
@public_page
def disclosure_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    years = selectors.public_years()
    districts = selectors.public_districts()
    year = _int(request.GET.get("year"))
    year = year if year in years else None
    district = _int(request.GET.get("district"))
    district = district if district in {pk for pk, _name in districts} else None
    rows = selectors.public_list(q=q, year=year, district=district)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "q": q, "year": year, "years": years, "district": district, "districts": districts,
               "filtered": bool(q or year or district)}  # fmt: skip
    return render(request, "portal/disclosures/list.html", context)


@login_not_required
@public_page
def disclosure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    disclosure = selectors.public_get(pk)
    if disclosure is None:  # drafts are never public, whoever asks
        raise Http404
    versions = selectors.published_versions(disclosure)
    latest = versions[-1] if versions else disclosure
    lines = selectors.lines_of(disclosure)
    context = {
        "disclosure": disclosure,
        "raw_materials": [ln for ln in lines if ln.kind == ln.Kind.RAW_MATERIAL],
        "emissions": [ln for ln in lines if ln.kind == ln.Kind.EMISSION],
        "versions": versions,
        "latest": latest,
        "superseded": latest.pk != disclosure.pk,
        "due": selectors.due_date(disclosure.year),
    }
    return render(request, "portal/disclosures/detail.html", context)


# --- the enterprise's workspace --------------------------------------------------------------------------------
def my_disclosures(request: SignedInRequest) -> HttpResponse:
    _enterprise_user(request)
    today = timezone.localdate()
    states = selectors.enterprise_years(enterprise_visible(user=request.user))
    rows = [(s, s.overdue(today)) for s in states]
    return render(request, "portal/disclosures/mine.html", {"rows": rows, "today": today})


# The menu and links show the page only to whom it opens for (a system administrator is not an enterprise).
my_disclosures.may_open = _is_enterprise_user  # type: ignore[attr-defined]


def disclosure_edit(request: SignedInRequest, enterprise: int, year: int) -> HttpResponse:
    _enterprise_user(request)
    company = enterprise_visible(user=request.user).filter(pk=enterprise).first()
    if company is None:
        raise Http404
    state = selectors.year_state(company, year)
    if state is None:
        raise Http404
    source, initial = selectors.draft_lines(state)
    correction = state.published is not None
    if request.method == "POST":
        form = forms.DisclosureForm(request.POST, correction=correction, instance=state.draft or Disclosure())
        formset = cast(forms.BaseLineFormSet, forms.LineFormSet(request.POST, prefix="lines"))
        if form.is_valid() and formset.is_valid():
            try:
                services.save_draft(
                    enterprise=company, year=year, user=request.user, treatment=form.cleaned_data["treatment"],
                    correction_note=form.cleaned_data.get("correction_note", ""), lines=formset.lines(),
                )  # fmt: skip
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The draft is saved. Check it, then publish it."))
                return redirect("portal:disclosure_edit", enterprise=company.pk, year=year)
    else:
        start = {"treatment": source.treatment if source else ""}
        if state.draft is not None:
            start["correction_note"] = state.draft.correction_note
        form = forms.DisclosureForm(initial=start, correction=correction)
        formset = cast(forms.BaseLineFormSet, forms.LineFormSet(initial=initial, prefix="lines"))
    context = {
        "state": state,
        "form": form,
        "formset": formset,
        "correction": correction,
        "from_survey": source is None and bool(initial),
        "no_survey": source is None and not initial,
        "tolerance": int(science.RELATIVE_TOLERANCE * 100),
    }
    return render(request, "portal/disclosures/edit.html", context)


@require_POST
def disclosure_publish(request: SignedInRequest, pk: int) -> HttpResponse:
    _enterprise_user(request)
    draft = Disclosure.objects.restrict(request.user, "change").filter(pk=pk, status=Disclosure.Status.DRAFT).first()
    if draft is None:
        raise Http404
    if request.POST.get("confirm") != "on":
        messages.error(request, _("Tick the box to confirm that the disclosure is true and complete."))
    else:
        try:
            services.publish(disclosure=draft, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Published: the disclosure is now on the public portal."))
            return redirect("portal:my_disclosures")
    return redirect("portal:disclosure_edit", enterprise=draft.enterprise_id, year=draft.year)


# --- officials' review -----------------------------------------------------------------------------------------
def disclosure_review(request: SignedInRequest) -> HttpResponse:
    user = request.user
    if not (user.is_superuser or user.role in ALL_ACCESS_ROLES or user.role == Role.DISTRICT):
        raise PermissionDenied(_("The review of disclosures is for the bureau and the districts."))
    today = timezone.localdate()
    rows = selectors.review_rows(enterprise_visible(user=user), today)
    counts = {
        key or "all": sum(1 for r in rows if test(r)) if test else len(rows) for key, test in REVIEW_FILTERS.items()
    }
    show = request.GET.get("show", "")
    show = show if show in REVIEW_FILTERS else ""
    q = request.GET.get("q", "").strip()[:100]
    test = REVIEW_FILTERS[show]
    shown = [r for r in rows if (test is None or test(r)) and (not q or q.lower() in r.state.enterprise.name.lower())]
    page = Paginator(shown, PER_PAGE).get_page(request.GET.get("page"))
    context: dict[str, Any] = {
        "page": page,
        "counts": counts,
        "show": show,
        "q": q,
        "today": today,
        "tolerance": int(science.RELATIVE_TOLERANCE * 100),
        "tolerance_kg": int(science.ABSOLUTE_TOLERANCE_T * 1000),
    }
    return render(request, "portal/disclosures/review.html", context)

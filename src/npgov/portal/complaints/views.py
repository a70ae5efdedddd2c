"""Pages of complaints: the public form, its receipt and the status by tracking code; the handlers' list and page.

The public pages are never cached (the form carries a CSRF token and a signed time; the status is per code).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from npgov.core.selectors import history_entries
from npgov.core.types import SignedInRequest
from npgov.core.views import generic
from npgov.portal import ratelimit
from npgov.portal.complaints import filtersets, forms, selectors, services, tables
from npgov.portal.complaints.models import Complaint

SESSION_KEY = "portal_complaint_code"
CODE_LENGTH = len(services.CODE_PREFIX) + services.CODE_LENGTH


def too_many(request: HttpRequest, wait: int) -> HttpResponse:
    """The friendly page for a client over its limit (429, with Retry-After)."""
    response = render(request, "portal/complaints/too_many.html", {"minutes": max(1, (wait + 59) // 60)}, status=429)
    response["Retry-After"] = str(wait)
    return response


def request_too_large(request: HttpRequest) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > forms.MAX_REQUEST_BYTES
    except ValueError:
        return True


@login_not_required
@never_cache
def complaint_new(request: HttpRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        if request_too_large(request):
            form = forms.ComplaintForm()
            form_error = _("The photos are too large together: at most %(mb)s MB in all.") % {
                "mb": forms.MAX_REQUEST_BYTES // (1024 * 1024)
            }
            return _render_form(request, form, status=413, form_error=form_error)
        wait = ratelimit.retry_after(request, ratelimit.FILING)
        if wait is not None:
            return too_many(request, wait)
        form = forms.ComplaintForm(request.POST, request.FILES)
        if form.is_valid():
            complaint = services.complaint_file(
                data=form.to_input(), photos=form.cleaned_data["photos"], channel=Complaint.Channel.WEB,
                fingerprint=ratelimit.client_fingerprint(request),
            )  # fmt: skip
            ratelimit.count(request, ratelimit.FILING)
            request.session[SESSION_KEY] = complaint.tracking_code
            return redirect("portal:complaint_done")
        status = 400
        if form.has_error("started"):  # a fresh signed time for the next try
            data = request.POST.copy()
            data["started"] = forms.form_token()
            form.data = data
    else:
        form = forms.ComplaintForm()
    return _render_form(request, form, status=status)


def _render_form(request: HttpRequest, form: forms.ComplaintForm, *, status: int, form_error: str = "") -> HttpResponse:
    context = {"form": form, "form_error": form_error, "max_photos": services.MAX_PHOTOS,
               "days": settings.PORTAL_COMPLAINT_DAYS}  # fmt: skip
    return render(request, "portal/complaints/new.html", context, status=status)


@login_not_required
@never_cache
def complaint_done(request: HttpRequest) -> HttpResponse:
    code = request.session.get(SESSION_KEY)
    if not code:
        return redirect("portal:complaint_new")
    status_url = f"{reverse('portal:complaint_status')}?code={code}"
    context = {"code": code, "status_url": status_url, "days": settings.PORTAL_COMPLAINT_DAYS}
    return render(request, "portal/complaints/done.html", context)


@login_not_required
@never_cache
def complaint_status(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("code", "")
    if not raw.strip():
        return render(request, "portal/complaints/status.html", {"code": ""})
    wait = ratelimit.take(request, ratelimit.LOOKUP)
    if wait is not None:
        return too_many(request, wait)
    code = services.normalise_code(raw)
    found = selectors.public_status(code=code) if len(code) == CODE_LENGTH else None
    if found is None:
        return render(request, "portal/complaints/status.html", {"code": code, "not_found": True}, status=404)
    return render(request, "portal/complaints/status.html", {"code": code, "status": found})


# --- the handlers' side ---------------------------------------------------------------------------------------
class ComplaintListView(generic.ObjectListView):
    queryset = Complaint.objects.select_related("department", "district")
    filterset_class = filtersets.ComplaintFilterSet
    table_class = tables.ComplaintTable
    url_prefix = "portal:complaint"
    export_name = "complaints"
    template_name = "portal/complaints/list.html"
    help_text = gettext_lazy(
        "Complaints and reports from the public routed to you: the responsible department handles them with the "
        "district where it happened. Red rows are past their answer date."
    )


def complaint_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    complaint = generic.object_or_404(
        Complaint.objects.select_related("department__city", "district__parent", "handler"), request.user, "view", pk
    )
    return render(request, "portal/complaints/detail.html", _detail_context(request, complaint))


def _detail_context(request: SignedInRequest, complaint: Complaint, form: Any = None) -> dict[str, Any]:
    user = request.user
    return {
        "complaint": complaint,
        "steps": selectors.complaint_steps(complaint=complaint),
        "photos": selectors.complaint_photos(complaint=complaint),
        "nearby": selectors.nearby(complaint=complaint, user=user),
        "actions": services.allowed_actions(user, complaint),
        "form": form or forms.ActionForm(complaint=complaint),
        "history": history_entries(obj=complaint),
        "overdue": complaint.is_overdue(),
        "status_url": f"{reverse('portal:complaint_status')}?code={complaint.tracking_code}",
    }


@require_POST
def complaint_act(request: SignedInRequest, pk: int) -> HttpResponse:
    complaint = generic.object_or_404(Complaint.objects.select_related("department", "district"), request.user,
                                      "view", pk)  # fmt: skip
    form = forms.ActionForm(request.POST, complaint=complaint)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(complaint.get_absolute_url())
    data, user = form.cleaned_data, request.user
    handlers = {
        "take": lambda: services.complaint_take(complaint=complaint, user=user, note=data["note"]),
        "reassign": lambda: services.complaint_reassign(
            complaint=complaint, user=user, department=data["department"], district=data["district"], note=data["note"]
        ),
        "reply": lambda: services.complaint_reply(
            complaint=complaint, user=user, reply=data["reply"], note=data["note"]
        ),
        "close": lambda: services.complaint_close(
            complaint=complaint, user=user, public_note=data["public_note"], note=data["note"]
        ),
    }
    try:
        handlers[data["action"]]()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Saved: %(status)s.") % {"status": complaint.get_status_display()})
    return redirect(complaint.get_absolute_url())


def complaint_photo(request: SignedInRequest, pk: int) -> FileResponse:
    """A complaint's photo, for the officials who may see the complaint (never served from /media/)."""
    photo = selectors.photo_visible(user=request.user, pk=pk)
    if photo is None:
        raise Http404
    try:
        handle = photo.image.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=photo.content_type)
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = f'inline; filename="{photo.complaint.tracking_code}-{photo.pk}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response

"""Pages of the enterprise registry."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from npgov.core.permissions import can
from npgov.core.views import generic
from npgov.enterprises.filtersets import EnterpriseFilterSet, ParkFilterSet, PermitFilterSet
from npgov.enterprises.forms import EnterpriseForm, ParkForm, PermitForm, PermitLimitForm
from npgov.enterprises.import_specs import ENTERPRISE_IMPORT, PARK_IMPORT, PERMIT_IMPORT, PERMIT_LIMIT_IMPORT
from npgov.enterprises.models import Enterprise, Park, Permit, PermitLimit
from npgov.enterprises.tables import EnterpriseTable, ParkTable, PermitTable


class EnterpriseListView(generic.ObjectListView):
    queryset = Enterprise.objects.select_related("district", "industry", "park")
    filterset_class = EnterpriseFilterSet
    table_class = EnterpriseTable
    url_prefix = "enterprises:enterprise"
    export_name = "enterprises"
    help_text = _("Enterprises by unified social credit code, with district, industry (GB/T 4754-2017) and park.")


class EnterpriseDetailView(generic.ObjectDetailView):
    queryset = Enterprise.objects.select_related("district", "industry", "park")
    url_prefix = "enterprises:enterprise"
    template_name = "enterprises/enterprise_detail.html"
    fields = (
        "uscc",
        "name",
        "district",
        "address",
        "latitude",
        "longitude",
        "industry",
        "park",
        "contact_name",
        "contact_phone",
        "status",
        "key_discharge_unit",
    )

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {"permits": obj.permits.annotate(limit_count=Count("limits")), "audits": obj.audits.all()}

    def field_rows(self, obj: Any) -> list[tuple[str, Any]]:
        rows = super().field_rows(obj)
        index = next(
            i for i, (label, _value) in enumerate(rows) if label == str(obj._meta.get_field("industry").verbose_name)
        )
        survey = obj.industry._meta.get_field("survey_scope").verbose_name
        rows.insert(index + 1, (str(survey), obj.industry.get_survey_scope_display()))
        return rows


class EnterpriseEditView(generic.ObjectEditView):
    queryset = Enterprise.objects.all()
    form_class = EnterpriseForm
    url_prefix = "enterprises:enterprise"


class EnterpriseImportView(generic.BulkImportView):
    queryset = Enterprise.objects.all()
    url_prefix = "enterprises:enterprise"
    spec = ENTERPRISE_IMPORT


class ParkListView(generic.ObjectListView):
    queryset = Park.objects.select_related("district").annotate(enterprise_count=Count("enterprise"))
    filterset_class = ParkFilterSet
    table_class = ParkTable
    url_prefix = "enterprises:park"
    export_name = "industrial-parks"
    help_text = _("Industrial and chemical parks by district, with the enterprises registered in each.")


class ParkDetailView(generic.ObjectDetailView):
    queryset = Park.objects.select_related("district")
    url_prefix = "enterprises:park"
    template_name = "enterprises/park_detail.html"
    fields = ("name", "district", "chemical_park")

    def extra_context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        enterprises = (
            Enterprise.objects.restrict(user, "view")
            .filter(park=obj)
            .select_related("district", "industry")
            .annotate(permit_count=Count("permits", distinct=True))
            .order_by("name")
        )
        return {"enterprises": enterprises}


class ParkEditView(generic.ObjectEditView):
    queryset = Park.objects.all()
    form_class = ParkForm
    url_prefix = "enterprises:park"


class ParkImportView(generic.BulkImportView):
    queryset = Park.objects.all()
    url_prefix = "enterprises:park"
    spec = PARK_IMPORT


class PermitListView(generic.ObjectListView):
    queryset = Permit.objects.select_related("enterprise__district").annotate(
        limit_count=Count("limits", distinct=True)
    )
    filterset_class = PermitFilterSet
    table_class = PermitTable
    url_prefix = "enterprises:permit"
    export_name = "discharge-permits"
    help_text = _(
        "Discharge permits and registrations, with the new-pollutant substances and limits each of them states."
    )


class PermitDetailView(generic.ObjectDetailView):
    queryset = Permit.objects.select_related("enterprise__district", "enterprise__park")
    url_prefix = "enterprises:permit"
    template_name = "enterprises/permit_detail.html"
    fields = ("number", "kind", "enterprise", "valid_from", "valid_until", "states_new_pollutant_controls")

    def field_rows(self, obj: Any) -> list[tuple[str, Any]]:
        rows = super().field_rows(obj)
        park = obj.enterprise.park
        if park is not None:
            rows.insert(3, (str(Enterprise._meta.get_field("park").verbose_name), park))
        return rows

    def extra_context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        limits = obj.limits.select_related("substance").order_by("kind", "substance__name_zh")
        changeable = set(PermitLimit.objects.restrict(user, "change").filter(permit=obj).values_list("pk", flat=True))
        deletable = set(PermitLimit.objects.restrict(user, "delete").filter(permit=obj).values_list("pk", flat=True))
        rows = [
            {
                "limit": limit,
                "edit_url": (
                    reverse("enterprises:permitlimit_edit", args=[limit.pk]) if limit.pk in changeable else None
                ),
                "delete_url": (
                    reverse("enterprises:permitlimit_delete", args=[limit.pk]) if limit.pk in deletable else None
                ),
            }
            for limit in limits
        ]
        add_url = None
        if can(user, PermitLimit, "add"):
            add_url = f"{reverse('enterprises:permitlimit_add')}?{urlencode({'permit': obj.pk})}"
        import_url = reverse("enterprises:permitlimit_import") if can(user, PermitLimit, "add") else None
        return {"limits": rows, "limit_add_url": add_url, "limit_import_url": import_url}


class PermitEditView(generic.ObjectEditView):
    queryset = Permit.objects.select_related("enterprise")
    form_class = PermitForm
    url_prefix = "enterprises:permit"


class PermitImportView(generic.BulkImportView):
    queryset = Permit.objects.all()
    url_prefix = "enterprises:permit"
    spec = PERMIT_IMPORT


class PermitLimitEditView(generic.ObjectEditView):
    """A permit's limit for one substance; added from the permit's page (``?permit=<id>``)."""

    queryset = PermitLimit.objects.select_related("permit", "substance")
    form_class = PermitLimitForm
    url_prefix = "enterprises:permitlimit"
    list_url_name = "enterprises:permit_list"

    def form_kwargs(self) -> dict[str, Any]:
        raw = self.request.GET.get("permit", "")
        if self.request.method != "GET" or not (raw.isascii() and raw.isdigit()):
            return {}
        permit = Permit.objects.restrict(self.request.user, "view").filter(pk=int(raw)).first()
        return {"initial": {"permit": permit.number}} if permit else {}


class PermitLimitDeleteView(generic.ObjectDeleteView):
    queryset = PermitLimit.objects.select_related("permit", "substance")
    url_prefix = "enterprises:permitlimit"
    list_url_name = "enterprises:permit_list"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        limit = self.restricted("delete").filter(pk=pk).select_related("permit").first()
        response = super().post(request, pk)
        if limit is not None and response.status_code == 302:
            return redirect(limit.permit.get_absolute_url())
        return response


class PermitLimitImportView(generic.BulkImportView):
    queryset = PermitLimit.objects.all()
    url_prefix = "enterprises:permitlimit"
    list_url_name = "enterprises:permit_list"
    spec = PERMIT_LIMIT_IMPORT

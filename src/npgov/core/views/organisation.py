"""Pages for districts and departments."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from npgov.core import filtersets, forms, tables
from npgov.core.importers import ImportSpec, register_import
from npgov.core.models import Department, District
from npgov.core.views import generic

DEPARTMENT_IMPORT = register_import(
    ImportSpec(
        key="departments", model=Department, form_class=forms.DepartmentForm, key_field="code",
        example={"code": "dl-example", "city": "210200", "name_zh": "大连市示例局", "short_name_zh": "市示例局",
                 "name_en": "Example Bureau", "kind": "municipal", "is_lead": "false"},
    )
)  # fmt: skip


class DistrictListView(generic.ObjectListView):
    queryset = District.objects.select_related("parent")
    filterset_class = filtersets.DistrictFilterSet
    table_class = tables.DistrictTable
    url_prefix = "core:district"
    export_name = "districts"
    help_text = _("Administrative divisions (GB/T 2260) and functional zones that carry local responsibility.")


class DistrictDetailView(generic.ObjectDetailView):
    queryset = District.objects.select_related("parent")
    url_prefix = "core:district"
    fields = ("code", "name_zh", "name_en", "kind", "zone_label", "parent", "official_code", "statistical_code",
              "verified", "source", "note")  # fmt: skip

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {"children": obj.children.all(), "children_title": _("Divisions and zones below")}


class DistrictEditView(generic.ObjectEditView):
    queryset = District.objects.all()
    form_class = forms.DistrictForm
    url_prefix = "core:district"


class DepartmentListView(generic.ObjectListView):
    queryset = Department.objects.select_related("city")
    filterset_class = filtersets.DepartmentFilterSet
    table_class = tables.DepartmentTable
    url_prefix = "core:department"
    export_name = "departments"
    help_text = _("Members of the cross-department coordination mechanism, as named in the city's work plan.")


class DepartmentDetailView(generic.ObjectDetailView):
    queryset = Department.objects.select_related("city")
    url_prefix = "core:department"
    fields = (
        "code", "city", "name_zh", "short_name_zh", "name_en", "aliases", "kind", "function", "is_lead", "duties",
        "source",
    )  # fmt: skip


class DepartmentEditView(generic.ObjectEditView):
    queryset = Department.objects.all()
    form_class = forms.DepartmentForm
    url_prefix = "core:department"


class DepartmentDeleteView(generic.ObjectDeleteView):
    queryset = Department.objects.all()
    url_prefix = "core:department"


class DepartmentImportView(generic.BulkImportView):
    queryset = Department.objects.all()
    url_prefix = "core:department"
    spec = DEPARTMENT_IMPORT

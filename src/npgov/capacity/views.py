"""Pages of the capacity registers: each a list, a detail page with history, and add/edit forms."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from npgov.capacity import filtersets, forms, tables
from npgov.capacity.importers import EXPERT_IMPORT, LAB_METHOD_IMPORT
from npgov.capacity.models import Expert, Funding, Lab, LabMethod, Project, Training
from npgov.core.views import generic


class ExpertListView(generic.ObjectListView):
    queryset = Expert.objects.all()
    filterset_class = filtersets.ExpertFilterSet
    table_class = tables.ExpertTable
    url_prefix = "capacity:expert"
    export_name = "experts"
    help_text = _(
        "The new-pollutant expert pool: fields, affiliation and conflicts of interest for review assignments."
    )


class ExpertDetailView(generic.ObjectDetailView):
    queryset = Expert.objects.select_related("user")
    url_prefix = "capacity:expert"
    fields = ("name", "affiliation", "title", "fields", "conflicts", "phone", "email", "user", "active")


class ExpertEditView(generic.ObjectEditView):
    queryset = Expert.objects.all()
    form_class = forms.ExpertForm
    url_prefix = "capacity:expert"


class ExpertImportView(generic.BulkImportView):
    queryset = Expert.objects.all()
    url_prefix = "capacity:expert"
    spec = EXPERT_IMPORT


class LabListView(generic.ObjectListView):
    queryset = Lab.objects.select_related("district").distinct()
    filterset_class = filtersets.LabFilterSet
    table_class = tables.LabTable
    url_prefix = "capacity:lab"
    export_name = "laboratories"
    help_text = _("Laboratories with their accreditation, GLP status and methods by substance and matrix.")


class LabDetailView(generic.ObjectDetailView):
    queryset = Lab.objects.select_related("district")
    url_prefix = "capacity:lab"
    template_name = "capacity/lab_detail.html"
    fields = (
        "name",
        "organisation",
        "district",
        "cma_number",
        "cnas_number",
        "glp_status",
        "glp_certificate",
        "glp_valid_until",
        "note",
    )

    def extra_context(self, obj: Lab) -> dict[str, Any]:
        return {"methods": obj.methods.select_related("substance")}


class LabEditView(generic.ObjectEditView):
    queryset = Lab.objects.all()
    form_class = forms.LabForm
    url_prefix = "capacity:lab"


class LabMethodImportView(generic.BulkImportView):
    queryset = LabMethod.objects.all()
    url_prefix = "capacity:labmethod"
    list_url_name = "capacity:lab_list"
    spec = LAB_METHOD_IMPORT


class TrainingListView(generic.ObjectListView):
    queryset = Training.objects.select_related("department")
    filterset_class = filtersets.TrainingFilterSet
    table_class = tables.TrainingTable
    url_prefix = "capacity:training"
    export_name = "trainings"
    help_text = _("Training on new-pollutant governance, monitoring and assessment.")


class TrainingDetailView(generic.ObjectDetailView):
    queryset = Training.objects.select_related("department")
    url_prefix = "capacity:training"
    fields = ("title", "date", "department", "audience", "participants", "hours", "topics")


class TrainingEditView(generic.ObjectEditView):
    queryset = Training.objects.all()
    form_class = forms.TrainingForm
    url_prefix = "capacity:training"


class ProjectListView(generic.ObjectListView):
    queryset = Project.objects.select_related("department", "district")
    filterset_class = filtersets.ProjectFilterSet
    table_class = tables.ProjectTable
    url_prefix = "capacity:project"
    export_name = "projects"
    help_text = _(
        "Science and technology projects, pilot projects and demonstration technologies, with their outcomes."
    )


class ProjectDetailView(generic.ObjectDetailView):
    queryset = Project.objects.select_related("department", "district")
    url_prefix = "capacity:project"
    fields = (
        "kind",
        "title",
        "lead_organisation",
        "department",
        "district",
        "start",
        "end",
        "budget_10k_yuan",
        "status",
        "outcomes",
    )


class ProjectEditView(generic.ObjectEditView):
    queryset = Project.objects.all()
    form_class = forms.ProjectForm
    url_prefix = "capacity:project"


class FundingListView(generic.ObjectListView):
    queryset = Funding.objects.select_related("department", "project")
    filterset_class = filtersets.FundingFilterSet
    table_class = tables.FundingTable
    url_prefix = "capacity:funding"
    export_name = "funding"
    help_text = _("Funding support for new-pollutant governance: recipients, amounts, sources.")


class FundingDetailView(generic.ObjectDetailView):
    queryset = Funding.objects.select_related("department", "project")
    url_prefix = "capacity:funding"
    fields = ("project", "recipient", "amount_10k_yuan", "date", "source", "purpose", "department")


class FundingEditView(generic.ObjectEditView):
    queryset = Funding.objects.all()
    form_class = forms.FundingForm
    url_prefix = "capacity:funding"

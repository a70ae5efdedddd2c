from __future__ import annotations

from django import forms

from npgov.capacity.models import Expert, Funding, Lab, LabMethod, Project, Training

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ExpertForm(forms.ModelForm):
    class Meta:
        model = Expert
        fields = ["name", "affiliation", "title", "fields", "conflicts", "phone", "email", "user", "active"]
        widgets = {"conflicts": forms.Textarea(attrs={"rows": 3})}


class LabForm(forms.ModelForm):
    class Meta:
        model = Lab
        fields = [
            "name",
            "organisation",
            "district",
            "cma_number",
            "cnas_number",
            "glp_status",
            "glp_certificate",
            "glp_valid_until",
            "note",
        ]
        widgets = {"glp_valid_until": DATE, "note": forms.Textarea(attrs={"rows": 2})}


class LabMethodForm(forms.ModelForm):
    class Meta:
        model = LabMethod
        fields = ["lab", "substance", "matrix", "standard", "lod", "loq", "unit"]


class TrainingForm(forms.ModelForm):
    class Meta:
        model = Training
        fields = ["title", "date", "department", "audience", "participants", "hours", "topics"]
        widgets = {"date": DATE, "topics": forms.Textarea(attrs={"rows": 3})}


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = [
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
        ]
        widgets = {"start": DATE, "end": DATE, "outcomes": forms.Textarea(attrs={"rows": 3})}


class FundingForm(forms.ModelForm):
    class Meta:
        model = Funding
        fields = ["project", "recipient", "amount_10k_yuan", "date", "source", "purpose", "department"]
        widgets = {"date": DATE, "purpose": forms.Textarea(attrs={"rows": 2})}

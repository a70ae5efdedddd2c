"""The draft of next year's monitoring plan (issue 18, item 3): parameters, proposed lines, saving the plan.

One page for the bureau: GET with the parameters shows the proposed lines (each with its reasons); the bureau
unticks lines, changes samples per year or the laboratory and POSTs; the draft is recomputed from the same
parameters (reasons and scores never come from the request) and saved as a monitoring plan.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from npgov.core.choices import ALL_ACCESS_ROLES
from npgov.core.numbers import range_validators
from npgov.core.types import SignedInRequest
from npgov.monitoring.choices import PlanReason
from npgov.risk.planning import DraftPage, plan_draft, plan_save
from npgov.science.numbers import NumberRange

# Declared ranges of what the page accepts (house rule: every number entering is finite and within a range).
PLAN_YEAR = NumberRange(2000, 2100)
BUDGET = NumberRange(1, 100_000)  # analyses a year
DISTANCE_KM = NumberRange(0, 200, unit="km")
SAMPLES_PER_YEAR = NumberRange(1, 365)  # as monitoring's plan line declares it


def _number_widget(number_range: NumberRange, step: str = "1") -> forms.NumberInput:
    return forms.NumberInput(attrs={"min": number_range.minimum, "max": number_range.maximum, "step": step})


class DraftQueryForm(forms.Form):
    """The draft's parameters (the page, the API and the command line take them alike)."""

    budget = forms.IntegerField(
        label=gettext_lazy("budget (analyses)"), validators=range_validators(BUDGET), widget=_number_widget(BUDGET),
        help_text=gettext_lazy("Analyses a year the plan may need at most: a line needs its samples per year."),
    )  # fmt: skip
    distance_km = forms.FloatField(
        label=gettext_lazy("distance (km)"), validators=range_validators(DISTANCE_KM),
        widget=_number_widget(DISTANCE_KM, "any"),
        help_text=gettext_lazy("Enterprises in the site's district or within this distance count as nearby."),
    )  # fmt: skip
    samples_per_year = forms.IntegerField(
        label=gettext_lazy("samples per year"), validators=range_validators(SAMPLES_PER_YEAR),
        widget=_number_widget(SAMPLES_PER_YEAR), help_text=gettext_lazy("The default of each proposed line."),
    )  # fmt: skip


class DraftParametersForm(DraftQueryForm):
    name = forms.CharField(label=gettext_lazy("plan name"), max_length=200)
    year = forms.IntegerField(label=gettext_lazy("year"), validators=range_validators(PLAN_YEAR),
                              widget=_number_widget(PLAN_YEAR))  # fmt: skip
    field_order = ["name", "year", "budget", "distance_km", "samples_per_year"]

    @staticmethod
    def defaults() -> dict[str, Any]:
        year = timezone.localdate().year + 1
        return {"name": _("New pollutant monitoring plan"), "year": year, "budget": 200,
                "distance_km": 10, "samples_per_year": 4}  # fmt: skip


def _key(site_id: int, substance_id: int) -> str:
    return f"{site_id}_{substance_id}"


class DraftLinesForm(forms.Form):
    """Per proposed line: kept or not, samples per year, laboratory (one with a validated method, or none)."""

    def __init__(self, *args: Any, page: DraftPage, budget: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.page, self.budget = page, budget
        for line in page.draft.lines:
            key = _key(line.site_id, line.substance_id)
            labs = [(pk, page.labs[pk].name) for pk in page.methods.get(line.substance_id, []) if pk in page.labs]
            self.fields[f"keep_{key}"] = forms.BooleanField(required=False, initial=line.selected)
            self.fields[f"samples_{key}"] = forms.IntegerField(
                required=False, initial=line.samples_per_year, validators=range_validators(SAMPLES_PER_YEAR),
                widget=_number_widget(SAMPLES_PER_YEAR),
            )  # fmt: skip
            self.fields[f"lab_{key}"] = forms.TypedChoiceField(
                required=False, coerce=int, empty_value=None, initial=line.lab_id,
                choices=[("", _("no laboratory with a validated method"))] if not labs else labs,
            )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        analyses = 0
        for line in self.page.draft.lines:
            key = _key(line.site_id, line.substance_id)
            if not data.get(f"keep_{key}"):
                continue
            samples = data.get(f"samples_{key}")
            if samples is None and f"samples_{key}" not in self.errors:
                self.add_error(f"samples_{key}", _("A kept line needs its samples per year."))
            analyses += samples or 0
        if analyses == 0 and not self.errors:
            raise ValidationError(_("Keep at least one line for the plan."))
        if analyses > self.budget:
            raise ValidationError(_("The kept lines need %(analyses)s analyses, more than the budget of %(budget)s.")
                                  % {"analyses": analyses, "budget": self.budget})  # fmt: skip
        return data

    def choices(self) -> dict[tuple[int, int], tuple[int, int | None]]:
        """(site, substance) → (samples per year, laboratory) of each kept line."""
        data = self.cleaned_data
        return {
            (line.site_id, line.substance_id): (data[f"samples_{key}"], data[f"lab_{key}"])
            for line in self.page.draft.lines
            if data.get(f"keep_{(key := _key(line.site_id, line.substance_id))}")
        }

    def rows(self) -> list[dict[str, Any]]:
        """What the table shows per line: the objects its ids name, its reasons' labels and its three fields."""
        page = self.page
        return [
            {"line": line, "site": page.sites.get(line.site_id), "substance": page.substances.get(line.substance_id),
             "reasons": [PlanReason(code).label for code in line.reasons],
             "keep": self[f"keep_{key}"], "samples": self[f"samples_{key}"], "lab": self[f"lab_{key}"]}
            for line in page.draft.lines
            if (key := _key(line.site_id, line.substance_id))
        ]  # fmt: skip


def is_bureau(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.role in ALL_ACCESS_ROLES))


def plan_draft_view(request: SignedInRequest) -> HttpResponse:
    """GET: the parameters and, once given, the proposed lines. POST: save the kept lines as a monitoring plan."""
    if not is_bureau(request.user):
        raise PermissionDenied
    given = request.POST if request.method == "POST" else request.GET
    params = DraftParametersForm(given if "budget" in given else None, initial=DraftParametersForm.defaults())
    context: dict[str, Any] = {"params": params}
    if not params.is_bound or not params.is_valid():
        return render(request, "risk/plan_draft.html", context, status=400 if params.errors else 200)
    p = params.cleaned_data
    page = plan_draft(budget=p["budget"], samples_per_year=p["samples_per_year"], distance_km=p["distance_km"])
    lines = DraftLinesForm(request.POST if request.method == "POST" else None, page=page, budget=p["budget"])
    if request.method == "POST" and lines.is_valid():
        try:
            plan = plan_save(page=page, choices=lines.choices(), name=p["name"], year=p["year"], budget=p["budget"],
                             user=request.user)  # fmt: skip
        except ValidationError as exc:
            lines.add_error(None, exc)
        else:
            n = len(lines.choices())
            messages.success(request, ngettext("Monitoring plan created with %(n)s line.",
                                               "Monitoring plan created with %(n)s lines.", n) % {"n": n})  # fmt: skip
            return redirect(plan.get_absolute_url())
    context.update(page=page, lines=lines, rows=lines.rows())
    return render(request, "risk/plan_draft.html", context, status=400 if lines.errors else 200)


plan_draft_view.may_open = is_bureau  # type: ignore[attr-defined]  # links: core.templatetags.access

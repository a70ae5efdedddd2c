from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from npgov.capacity.selectors import expert_list
from npgov.core.models import District
from npgov.core.templatetags.provenance import provenance_parts
from npgov.risk.labels import MEC_STATISTIC_LABELS
from npgov.risk.models import (
    TEXT_PROPERTIES,
    AssessmentRun,
    EcotoxEndpoint,
    HazardDatum,
    Pnec,
    PriorityReview,
)
from npgov.science.risk import DEFAULT_EXPOSURE
from npgov.substances.forms import SubstanceField

STATISTICS = list(MEC_STATISTIC_LABELS.items())
EXPOSURE_FIELDS = ("ir", "bw", "ef", "ed")
EXPOSURE_LABELS = {"ir": _("drinking-water intake"), "bw": _("body weight"), "ef": _("exposure frequency"),
                   "ed": _("exposure duration")}  # fmt: skip
POPULATION_LABELS = {"adult": _("adults"), "child": _("children")}


class RunForm(forms.ModelForm):
    mec_statistic = forms.ChoiceField(label=_("MEC statistic"), choices=STATISTICS, initial="max")

    class Meta:
        model = AssessmentRun
        fields = ["title", "kind", "compartment", "mec_statistic", "verified_pnecs_only", "estimate_unmonitored",
                  "start", "end"]  # fmt: skip
        widgets = {"start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}  # fmt: skip
        help_texts = {
            "compartment": _("Ecological runs: fresh water (all sites but coastal) or marine (coastal)."),
            "verified_pnecs_only": _("Ecological runs: leave out PNECs not checked against their source."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # left out (the API): the model's defaults — an ecological fresh-water run on the maximum
        for name in ("kind", "compartment", "mec_statistic"):
            self.fields[name].required = False
        # Health runs: each exposure parameter may replace its default for this run only.
        for population, params in DEFAULT_EXPOSURE.items():
            for name in EXPOSURE_FIELDS:
                default = params[name]
                status = _("verified") if default["verified"] else _("not verified")
                cited = "、".join(provenance_parts(default["source"])["cited"]) or _("recorded in the reference data")
                self.fields[f"{population}_{name}"] = forms.FloatField(
                    label=f"{POPULATION_LABELS[population]} · {EXPOSURE_LABELS[name]} ({default['unit']})",
                    required=False, min_value=0.000001,
                    error_messages={"min_value": _("Must be a positive number.")},
                    help_text=_("Default %(value)g — %(source)s (%(status)s)")
                    % {"value": default["value"], "source": cited, "status": status},
                    widget=forms.NumberInput(attrs={"placeholder": f"{default['value']:g}", "step": "any"}),
                )  # fmt: skip

    def exposure_field_names(self) -> list[str]:
        return [f"{p}_{n}" for p in DEFAULT_EXPOSURE for n in EXPOSURE_FIELDS]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["kind"] = data.get("kind") or AssessmentRun.Kind.ECOLOGICAL
        data["compartment"] = data.get("compartment") or "freshwater"
        data["mec_statistic"] = data.get("mec_statistic") or "max"
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end of the period is before its start."))
        exposure = {p: {n: data[f"{p}_{n}"] for n in EXPOSURE_FIELDS if data.get(f"{p}_{n}") is not None}
                    for p in DEFAULT_EXPOSURE}  # fmt: skip
        self.instance.exposure = {p: v for p, v in exposure.items() if v}
        return data


class PnecForm(forms.ModelForm):
    substance = SubstanceField()

    class Meta:
        model = Pnec
        fields = ["substance", "compartment", "value", "unit", "basis", "source", "note", "verified"]
        help_texts = {"unit": _("Water: e.g. µg/L, ng/L, mg/L. Sediment: per dry weight, e.g. µg/kg dw, mg/kg dw.")}

    # The value's range, the unit and the value after conversion are checked by ``Pnec.clean`` (issue #16).


class HazardDatumForm(forms.ModelForm):
    substance = SubstanceField()

    class Meta:
        model = HazardDatum
        fields = ["substance", "property", "value", "text", "kind", "reliability", "source", "note", "verified"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        prop = data.get("property")
        if prop in TEXT_PROPERTIES and not (data.get("text") or "").strip():
            self.add_error("text", _("This property is given as text (e.g. Repr. 1B; or yes)."))
        elif prop and prop not in TEXT_PROPERTIES:
            value = data.get("value")
            if value is None:
                if "value" not in self.errors:  # not again after "Enter a number."
                    self.add_error("value", _("This property needs a numeric value."))
            elif prop != "log_kow" and value <= 0:
                self.add_error("value", _("The value must be positive."))
        return data


class EcotoxEndpointForm(forms.ModelForm):
    substance = SubstanceField()

    class Meta:
        model = EcotoxEndpoint
        fields = ["substance", "compartment", "species", "trophic_level", "duration", "endpoint", "exposure_days",
                  "value_mg_l", "kind", "reliability", "source", "note", "verified"]  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        value, duration, endpoint = data.get("value_mg_l"), data.get("duration"), data.get("endpoint")
        if value is not None and value <= 0:
            self.add_error("value_mg_l", _("The value must be positive."))
        chronic_endpoints = (EcotoxEndpoint.Endpoint.NOEC, EcotoxEndpoint.Endpoint.EC10)
        if duration == EcotoxEndpoint.Duration.SHORT and endpoint in chronic_endpoints:
            self.add_error("endpoint", _("A NOEC or EC10 is a long-term endpoint; choose long-term or an L(E)C50."))
        if duration == EcotoxEndpoint.Duration.LONG and endpoint and endpoint not in chronic_endpoints:
            self.add_error("endpoint", _("A long-term endpoint is a NOEC or EC10."))
        return data


class PriorityDraftForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    run = forms.ModelChoiceField(
        label=_("assessment run"),
        queryset=AssessmentRun.objects.none(),
        help_text=_("A finished ecological run; its ranking orders the candidates."),
    )
    district = forms.ModelChoiceField(label=_("city"), queryset=None)
    year = forms.IntegerField(label=_("year"), min_value=2020, max_value=2100)
    size = forms.IntegerField(
        label=_("candidates"),
        min_value=1,
        max_value=200,
        initial=20,
        help_text=_("How many of the highest-scoring substances to take into the draft."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["run"].queryset = AssessmentRun.objects.filter(kind="ecological", status="done")
        self.fields["district"].queryset = District.objects.filter(kind="city")
        self.fields["year"].initial = timezone.localdate().year


class ExpertsForm(forms.Form):
    experts = forms.ModelMultipleChoiceField(label=_("experts"), queryset=None, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # only experts with a platform account can answer
        self.fields["experts"].queryset = expert_list(active_only=True, with_account=True)


class PublishForm(forms.Form):
    response = forms.CharField(label=_("response to dissenting reviews"), required=False,
                               widget=forms.Textarea(attrs={"rows": 3}),
                               help_text=_("Required when an expert disagrees; kept with the draft."))  # fmt: skip


class ReviewForm(forms.Form):
    """An expert's verdict: a pending review shows no verdict chosen; a verdict other than 'agree' needs a comment.

    Bound to what the expert sent, the form comes back with their choice kept when it is not valid.
    """

    verdict = forms.ChoiceField(label=_("verdict"), choices=[("", _("Choose a verdict"))] + [
        c for c in PriorityReview.Verdict.choices if c[0] != PriorityReview.Verdict.PENDING])  # fmt: skip
    comment = forms.CharField(label=_("comment"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("Required unless you agree."))  # fmt: skip

    def __init__(self, *args: Any, review: PriorityReview | None = None, **kwargs: Any) -> None:
        if review is not None and "initial" not in kwargs:
            verdict = "" if review.verdict == PriorityReview.Verdict.PENDING else review.verdict
            kwargs["initial"] = {"verdict": verdict, "comment": review.comment}
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        verdict = data.get("verdict")
        if verdict and verdict != PriorityReview.Verdict.AGREE and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Say what should change: a comment is required unless you agree."))
        return data

"""The risk work through the API: PNECs, hazard data, endpoints, hazard profiles, assessment runs, priority lists.

Reads follow the pages' scopes. Starting a run goes through the page's form (the same validation, the same
job); the answer is 202 with the job to follow.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers as drf_serializers
from rest_framework import status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from npgov.core.api.viewsets import RestrictedReadOnlyViewSet
from npgov.core.choices import ALL_ACCESS_ROLES
from npgov.core.numbers import clean_yes_no
from npgov.risk import filtersets, forms
from npgov.risk.api import serializers
from npgov.risk.hazard_data import hazard_profile
from npgov.risk.models import AssessmentRun, EcotoxEndpoint, HazardDatum, Pnec, PriorityDraft
from npgov.risk.services import run_start
from npgov.science.risk import DEFAULT_EXPOSURE
from npgov.substances.selectors import substance_visible


class PnecViewSet(RestrictedReadOnlyViewSet):
    queryset = Pnec.objects.select_related("substance")
    serializer_class = serializers.PnecSerializer
    filterset_class = filtersets.PnecFilterSet


class HazardDatumViewSet(RestrictedReadOnlyViewSet):
    queryset = HazardDatum.objects.select_related("substance")
    serializer_class = serializers.HazardDatumSerializer
    filterset_class = filtersets.HazardDatumFilterSet


class EcotoxEndpointViewSet(RestrictedReadOnlyViewSet):
    queryset = EcotoxEndpoint.objects.select_related("substance")
    serializer_class = serializers.EcotoxEndpointSerializer
    filterset_class = filtersets.EndpointFilterSet


class HazardProfileAPIView(APIView):
    """A substance's PBT/vPvB screening (each criterion with its datum) and its TGD PNEC derivation."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses=inline_serializer(
            "HazardProfile",
            {
                "substance": drf_serializers.IntegerField(),
                "cas": drf_serializers.CharField(allow_null=True),
                "pbt": drf_serializers.JSONField(),
                "pnec_derivation": drf_serializers.JSONField(allow_null=True),
                "used": drf_serializers.DictField(child=drf_serializers.JSONField()),
            },
        )
    )
    def get(self, request: Request, substance_pk: int) -> Response:
        substance = get_object_or_404(substance_visible(user=request.user), pk=substance_pk)
        profile = hazard_profile(substance)
        used = {name: {"model": d._meta.model_name, "id": d.pk, "source": d.source, "verified": d.verified}
                for name, d in profile.used.items()}  # fmt: skip
        return Response({"substance": substance.pk, "cas": substance.cas, "pbt": profile.pbt,
                         "pnec_derivation": profile.derivation, "used": used})  # fmt: skip


class RunViewSet(RestrictedReadOnlyViewSet):
    """Assessment runs; the list leaves out inputs and results, a run's page holds them. POST starts a run."""

    queryset = AssessmentRun.objects.all()
    serializer_class = serializers.RunSerializer
    ordering_fields = ["created_at", "title"]

    def get_serializer_class(self) -> Any:
        return serializers.RunSummarySerializer if self.action == "list" else serializers.RunSerializer

    def get_queryset(self) -> Any:
        runs = super().get_queryset()
        return runs.defer("inputs") if self.action == "list" else runs  # the results are rows: never read here

    @extend_schema(request=serializers.RunSummarySerializer, responses={202: None})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not (request.user.is_superuser or request.user.role in ALL_ACCESS_ROLES):
            raise PermissionDenied(_("Only the bureau starts assessment runs."))
        data = {key: value for key, value in request.data.items() if key != "exposure"}
        data.setdefault("estimate_unmonitored", True)  # left out: the model's default, as for the other fields
        for key in ("verified_pnecs_only", "estimate_unmonitored"):
            if key in data:  # yes/no words (是/否, yes/no, 1/0), never "maybe" read as yes
                try:
                    data[key] = bool(clean_yes_no(data[key], required=True))
                except DjangoValidationError as exc:
                    raise ValidationError({key: exc.messages}) from exc
        exposure = request.data.get("exposure") or {}
        if not isinstance(exposure, dict):
            raise ValidationError(
                {"exposure": [_("Give the exposure parameters as {population: {parameter: value}}.")]}
            )
        for population, values in exposure.items():
            for name, value in (values or {}).items():
                if population not in DEFAULT_EXPOSURE or name not in forms.EXPOSURE_FIELDS:
                    raise ValidationError({"exposure": [_("Unknown exposure parameter %(name)s: use %(allowed)s.") % {
                        "name": f"{population}.{name}", "allowed": ", ".join(
                            f"{p}.{n}" for p in DEFAULT_EXPOSURE for n in forms.EXPOSURE_FIELDS)}]})  # fmt: skip
                data[f"{population}_{name}"] = value
        form = forms.RunForm(data)
        if not form.is_valid():
            # the form's per-population fields are named as the API takes them: exposure.<population>.<parameter>
            renamed = {name: f"exposure.{name.replace('_', '.', 1)}" for name in form.exposure_field_names()}
            raise ValidationError({renamed.get(field, field): [str(m) for m in messages]
                                   for field, messages in form.errors.items()})  # fmt: skip
        job = run_start(run=form.save(commit=False), user=request.user)
        body = {"run": job.params["run"], "job": job.pk, "job_url": job.get_absolute_url()}
        return Response(body, status=status.HTTP_202_ACCEPTED)


class PriorityDraftViewSet(RestrictedReadOnlyViewSet):
    queryset = PriorityDraft.objects.prefetch_related("items__substance", "reviews__expert")
    serializer_class = serializers.PriorityDraftSerializer


class PlanDraftAPIView(APIView):
    """The lines next year's monitoring plan draft proposes for ``budget``, ``samples_per_year`` and ``distance_km``
    (the bureau only; a read: the plan is saved on the page, where the bureau edits the lines)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[OpenApiParameter("budget", int), OpenApiParameter("samples_per_year", int),
                    OpenApiParameter("distance_km", float)],
        responses=inline_serializer("PlanDraft", {
            "budget": drf_serializers.IntegerField(), "analyses": drf_serializers.IntegerField(),
            "survey_year": drf_serializers.IntegerField(allow_null=True),
            "runs": drf_serializers.ListField(child=drf_serializers.IntegerField()),
            "lines": drf_serializers.ListField(child=drf_serializers.JSONField()),
        }),
    )  # fmt: skip
    def get(self, request: Request) -> Response:
        from npgov.risk.planning import draft_as_data, plan_draft  # reads five apps: only when asked
        from npgov.risk.views_planning import DraftQueryForm, is_bureau

        if not is_bureau(request.user):
            raise PermissionDenied(_("Only the bureau drafts the monitoring plan."))
        given = {"budget": 200, "samples_per_year": 4, "distance_km": 10, **request.query_params.dict()}  # the page's
        form = DraftQueryForm(given)
        if not form.is_valid():
            raise ValidationError({name: [str(m) for m in messages] for name, messages in form.errors.items()})
        return Response(draft_as_data(plan_draft(**form.cleaned_data)))

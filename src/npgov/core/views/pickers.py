"""The search behind the type-ahead pickers: a few matches of a registry, only from the rows the user may see."""

from __future__ import annotations

from django.apps import apps
from django.db.models import Q
from django.http import Http404, JsonResponse

from npgov.core.types import SignedInRequest
from npgov.core.widgets import REMOTE_MODELS

MAX_RESULTS = 20


def picker_search(request: SignedInRequest, label: str) -> JsonResponse:
    """``{"results": [{"value": …, "text": …}]}`` for the text ``q``: at most 20, in the model's order."""
    spec = REMOTE_MODELS.get(label)
    value_field = request.GET.get("field") or "pk"
    if spec is None or value_field not in spec["values"]:
        raise Http404
    model = apps.get_model(label)
    queryset = model.objects.restrict(request.user, "view").filter(**dict(spec.get("where", ())))
    text = (request.GET.get("q") or "").strip()
    if text:
        condition = Q()
        for name in spec["search"]:
            condition |= Q(**{f"{name}__icontains": text})
        queryset = queryset.filter(condition)
    if value_field != "pk":
        queryset = queryset.exclude(**{f"{value_field}__isnull": True}).exclude(**{value_field: ""})
    results = [{"value": getattr(obj, value_field), "text": str(obj)} for obj in queryset[:MAX_RESULTS]]
    return JsonResponse({"results": results})

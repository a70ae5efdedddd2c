"""The home dashboard: cards that apps register, each counting only what the user may see."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from npgov.core.registry import registry
from npgov.core.types import SignedInRequest


def home(request: SignedInRequest) -> HttpResponse:
    cards = []
    for card in sorted(registry.cards, key=lambda c: c.order):
        context = card.context(request.user)
        if context is not None:
            cards.append({"template": card.template, "context": context})
    return render(request, "core/home.html", {"cards": cards})

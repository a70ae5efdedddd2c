"""The user's own API tokens: list, create (the key is shown once), revoke."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from npgov.core.models import ApiToken
from npgov.core.services.tokens import api_token_issue, api_token_revoke, api_tokens_of, api_tokens_revoke_all
from npgov.core.types import SignedInRequest


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("name"), max_length=100, help_text=gettext_lazy("What the token is for, e.g. the program.")
    )
    days = forms.IntegerField(
        label=gettext_lazy("valid for (days)"), min_value=1, max_value=settings.API_TOKEN_MAX_DAYS,
        initial=settings.API_TOKEN_DAYS,
    )  # fmt: skip


def token_list(request: SignedInRequest) -> HttpResponse:
    """The signed-in user's tokens; a new one is created here and its key shown this once."""
    form = TokenForm(request.POST or None, initial={"days": settings.API_TOKEN_DAYS})
    new_key = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = api_token_issue(
            user=request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
        )
        form = TokenForm(initial={"days": settings.API_TOKEN_DAYS})
    return render(
        request,
        "core/tokens.html",
        {"tokens": api_tokens_of(user=request.user), "form": form, "new_key": new_key},
    )


@require_POST
def token_revoke(request: SignedInRequest, pk: int) -> HttpResponse:
    token = ApiToken.objects.filter(user=request.user, pk=pk).first()  # only one's own tokens
    if token is None:
        raise Http404
    api_token_revoke(token=token)
    messages.success(request, _("The token %(name)s is revoked.") % {"name": token})
    return redirect("account:tokens")


@require_POST
def token_revoke_all(request: SignedInRequest) -> HttpResponse:
    count = api_tokens_revoke_all(user=request.user)
    messages.success(request, _("%(count)d tokens revoked.") % {"count": count})
    return redirect("account:tokens")

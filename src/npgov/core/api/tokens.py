"""Issue an API token (``POST /api/auth/token/``) and revoke the one in use (``POST /api/auth/token/revoke/``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from npgov.core.loginlimits import login_limit_reason
from npgov.core.models import ApiToken
from npgov.core.services.tokens import api_token_issue, api_token_revoke


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(label=_("user name"), max_length=150)
    password = serializers.CharField(label=_("password"), max_length=4096, style={"input_type": "password"})
    name = serializers.CharField(label=_("name"), max_length=100, required=False, default="API")
    days = serializers.IntegerField(
        label=_("valid for (days)"), required=False, min_value=1, max_value=settings.API_TOKEN_MAX_DAYS
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="The key: send it as `Authorization: Token <key>`. Shown only once.")
    name = serializers.CharField()
    prefix = serializers.CharField(help_text="The first characters of the key, to recognise the token later.")
    expires = serializers.DateTimeField()


def token_payload(token: ApiToken, key: str) -> dict[str, Any]:
    return {"token": key, "name": token.name, "prefix": token.prefix, "expires": token.expires_at}


class ObtainTokenView(APIView):
    """Sign in with a user name and password and get a new API token (valid API_TOKEN_DAYS days by default).

    The key is in this answer only: it is stored as a SHA-256 digest. Tokens end when they expire, when their
    owner revokes them (on the page "API tokens" or with ``POST /api/auth/token/revoke/``), when the password
    changes and when the account is deactivated."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenSerializer})
    def post(self, request: Request) -> Response:
        limited = login_limit_reason(request._request)
        if limited:
            return Response({"detail": limited}, status=status.HTTP_429_TOO_MANY_REQUESTS)
        form = TokenRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        user = authenticate(
            request._request, username=form.validated_data["username"], password=form.validated_data["password"]
        )
        if user is None or not user.is_active:
            return Response(
                {"detail": _("Unable to sign in with the user name and password given.")},
                status=status.HTTP_400_BAD_REQUEST,
            )
        token, key = api_token_issue(user=user, name=form.validated_data["name"], days=form.validated_data.get("days"))
        return Response(TokenSerializer(token_payload(token, key)).data)


class RevokeTokenView(APIView):
    """Revoke the token this request is authenticated with (the API's sign-out)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        if not isinstance(request.auth, ApiToken):
            return Response(
                {"detail": _("This request is not authenticated with a token.")}, status=status.HTTP_400_BAD_REQUEST
            )
        api_token_revoke(token=request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)

"""API tokens: expiring, revocable, stored only as a SHA-256 digest (the key is shown once, when issued)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from npgov.core.models.base import RestrictedQuerySet
from npgov.core.permissions import Scope

# The first characters of a key, kept in clear to find its row and to show the user which token is which.
PREFIX_LENGTH = 12


class ApiToken(models.Model):
    """A key an API client sends as ``Authorization: Token <key>`` on behalf of one user, until it expires or
    is revoked (by its owner, by sign-out through the API, by a password change or by deactivation)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("key begins with"), max_length=PREFIX_LENGTH, db_index=True)
    digest = models.CharField(_("SHA-256 of the key"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope = Scope(owner="user", writers=frozenset())

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


@receiver(pre_save, sender=settings.AUTH_USER_MODEL)
def _note_credential_change(sender: Any, instance: Any, update_fields: Any = None, **kwargs: Any) -> None:
    """Remember whether this save changes the password or deactivates the account (see below)."""
    instance._revoke_api_tokens = False
    if instance.pk is None or (update_fields is not None and not {"password", "is_active"} & set(update_fields)):
        return
    before = sender.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if before is not None and (
        before["password"] != instance.password or (before["is_active"] and not instance.is_active)
    ):
        instance._revoke_api_tokens = True


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def _revoke_on_credential_change(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    """A new password or a deactivated account ends every API token of the user (wherever it was changed:
    the password page, the user administration, Django's admin or ``changepassword``)."""
    if getattr(instance, "_revoke_api_tokens", False):
        ApiToken.objects.filter(user=instance, revoked_at__isnull=True).update(revoked_at=timezone.now())
        instance._revoke_api_tokens = False

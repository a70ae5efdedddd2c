"""The abstract base of every NPGov model and its restricted queryset."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from npgov.core.permissions import ADMIN_ONLY, Scope

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from npgov.core.models.users import User


class RestrictedQuerySet(models.QuerySet):
    def restrict(self, user: User | AnonymousUser, action: str = "view") -> RestrictedQuerySet:
        """Only the rows ``user`` may ``action`` (view/add/change/delete); see core.permissions."""
        scope: Scope = getattr(self.model, "scope", ADMIN_ONLY)
        return scope.apply(self, user, action)


class RegistryModel(models.Model):
    """Base of NPGov's domain models: timestamps, the restricted manager, and a scope.

    Models that hold official data also declare ``history = HistoricalRecords()``
    (django-simple-history); it is not inherited so that append-only tables can opt out.
    """

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RestrictedQuerySet.as_manager()
    scope: ClassVar[Scope] = ADMIN_ONLY
    # Set before a save by services and loaders; django-simple-history reads them into the history row.
    _history_user: Any
    _change_reason: str

    class Meta:
        abstract = True

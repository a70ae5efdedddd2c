"""Platform users: one role each, tied to a department, a district or (through enterprises) a company."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from npgov.core.choices import Role
from npgov.core.models.base import RestrictedQuerySet
from npgov.core.permissions import Scope


class UserQuerySet(RestrictedQuerySet):
    pass


class RestrictedUserManager(UserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    pass


class User(AbstractUser):
    """A person who signs in. Officials, enterprise reporters and experts each have one role."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.ENTERPRISE)
    display_name = models.CharField(_("name"), max_length=60, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    department = models.ForeignKey(
        "core.Department", verbose_name=_("department"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="users",
    )  # fmt: skip
    district = models.ForeignKey(
        "core.District", verbose_name=_("district"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="users",
    )  # fmt: skip

    objects = RestrictedUserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"])
    # Users see their own account; only the all-access roles create or change accounts (a user
    # editing their own row could otherwise change their role).
    scope = Scope(owner="pk", writers=frozenset())

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role=Role.DEPARTMENT) | Q(department__isnull=False),
                name="core_user_department_role_has_department",
                violation_error_message=_("A department user must belong to a department."),
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.DISTRICT) | Q(district__isnull=False),
                name="core_user_district_role_has_district",
                violation_error_message=_("A district user must belong to a district."),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    def get_absolute_url(self) -> str:
        return reverse("core:user_detail", args=[self.pk])

    def district_scope_ids(self) -> list[int]:
        """The user's district and every division and zone below it."""
        cached = getattr(self, "_district_scope_ids", None)
        if cached is not None:
            return cached
        from npgov.core.models.organisation import District  # here: organisation imports users (a cycle)

        ids: list[int] = []
        frontier = [self.district_id] if self.district_id else []
        while frontier:
            ids.extend(frontier)
            # the visited check guards against a parent cycle in the data
            children = District.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
            frontier = [pk for pk in children if pk not in ids]
        self._district_scope_ids = ids
        return ids

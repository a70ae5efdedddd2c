"""Object-level scoping: one mechanism, ``Model.objects.restrict(user, action)``, for every page and API.

Each model declares a :class:`Scope` saying how its rows relate to the organisation: the lookup
path to a district, a department, an enterprise, an assigned expert or an owning user. The role of
the user then decides which of these paths filters the rows (DESIGN.md, "Users and what they may
see"):

- sysadmin and bureau: every row, every action;
- department: views every row of models declared non-confidential, writes rows of its own department;
- district: rows inside its district (and the zones and counties below it);
- enterprise: rows of its own enterprise (the enterprise model has a ``users`` relation);
- expert: rows assigned to the expert;
- anonymous (the public): only rows matching the model's ``public`` condition, read-only.

``reference`` models (districts, departments, regulatory lists) are visible to every signed-in
user and written only by all-access roles. ``owner`` gives every user the rows they own (their
jobs). A model with unusual rules subclasses Scope and overrides :meth:`Scope.condition`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

from npgov.core.choices import ALL_ACCESS_ROLES, Role
from npgov.core.types import AnyUser

if TYPE_CHECKING:
    from npgov.core.models import User

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
ACTIONS = (VIEW, ADD, CHANGE, DELETE)
WRITE_ACTIONS = (ADD, CHANGE, DELETE)


@dataclass(frozen=True)
class Scope:
    """How a model's rows are scoped to users; see the module docstring."""

    district: str | None = None
    department: str | None = None
    enterprise: str | None = None
    expert: str | None = None
    owner: str | None = None
    public: Q | None = None
    reference: bool = False
    # Departments see every row of non-confidential models (DESIGN.md); opt in with confidential=False.
    confidential: bool = True
    # Roles (besides the all-access ones) allowed to write through their path; None = any role with a path.
    writers: frozenset[str] | None = None
    # A path through a to-many relation repeats rows: de-duplicate (the enterprise path always does).
    distinct: bool = False
    # Coordination records every official (department and district users) reads, but not enterprises or experts.
    officials: bool = False

    def condition(self, user: AnyUser, action: str) -> Q | None:
        """The filter selecting the rows ``user`` may ``action``; None selects nothing."""
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        if not user.is_authenticated:
            return self.public if action == VIEW else None
        if user.is_superuser or user.role in ALL_ACCESS_ROLES:
            return Q()
        if action == VIEW and (self.reference or (user.role == Role.DEPARTMENT and not self.confidential)):
            return Q()
        if action == VIEW and self.officials and user.role in (Role.DEPARTMENT, Role.DISTRICT):
            return Q()
        may_write = self.writers is None or user.role in self.writers
        own = Q(**{self.owner: user.pk}) if self.owner and (action == VIEW or may_write) else None
        role_q = self._role_condition(user, action)
        if own is None:
            return role_q
        return own if role_q is None else own | role_q

    def _role_condition(self, user: User, action: str) -> Q | None:
        if action in WRITE_ACTIONS and (self.reference or (self.writers is not None and user.role not in self.writers)):
            return None
        if user.role == Role.DEPARTMENT and self.department and user.department_id:
            return Q(**{self.department: user.department_id})
        if user.role == Role.DISTRICT and self.district and user.district_id:
            return Q(**{f"{self.district}__in": user.district_scope_ids()})
        if user.role == Role.ENTERPRISE and self.enterprise:
            # "self": the model is the enterprise itself
            path = "users" if self.enterprise == "self" else f"{self.enterprise}__users"
            return Q(**{path: user.pk})
        if user.role == Role.EXPERT and self.expert:
            return Q(**{self.expert: user.pk})
        return None

    def allows(self, user: AnyUser, action: str) -> bool:
        """Whether the user may ``action`` at least some rows (used to show or hide buttons)."""
        return self.condition(user, action) is not None

    def apply(self, queryset: QuerySet[Any], user: AnyUser, action: str) -> QuerySet[Any]:
        condition = self.condition(user, action)
        if condition is None:
            return queryset.none()
        if not condition:  # empty Q: everything
            return queryset
        filtered = queryset.filter(condition)
        return filtered.distinct() if self._repeats_rows(queryset.model, user) else filtered

    def _repeats_rows(self, model: type[Model], user: AnyUser) -> bool:
        """Whether the filter for this user crosses a to-many relation (enterprise users, expert reviews) and so
        can repeat rows. A plain foreign-key path (a district user's ``enterprise__district``) never does, and
        ``SELECT DISTINCT`` over such a list would sort every visible row for nothing."""
        if self.distinct:
            return True
        if not user.is_authenticated:  # the public condition is a Q of any shape: de-duplicate as before
            return bool(self.enterprise)
        enterprise_path = self.enterprise and ("users" if self.enterprise == "self" else f"{self.enterprise}__users")
        role_paths: dict[str, str | None] = {
            Role.DEPARTMENT: self.department,
            Role.DISTRICT: self.district,
            Role.ENTERPRISE: enterprise_path,
            Role.EXPERT: self.expert,
        }
        role_path = role_paths.get(user.role)
        return any(_crosses_to_many(model, path) for path in (self.owner, role_path) if path)


# Rows only the all-access roles see (login audit, settings).
ADMIN_ONLY = Scope()
# Reference data every signed-in user reads and only all-access roles write.
REFERENCE = Scope(reference=True)


@functools.cache
def _crosses_to_many(model: type[Model], path: str) -> bool:
    """Whether the lookup ``path`` from ``model`` follows a many-to-many or reverse foreign-key relation."""
    for name in path.split("__"):
        try:
            field = model._meta.pk if name == "pk" else model._meta.get_field(name)
        except FieldDoesNotExist:  # not a relation we can follow (a lookup): assume it repeats rows
            return True
        if field.many_to_many or field.one_to_many:
            return True
        if field.related_model is None:
            return False
        model = field.related_model
    return False


def scope_of(model: type[Model]) -> Scope:
    return getattr(model, "scope", ADMIN_ONLY)


def can(user: AnyUser, model: type[Model], action: str) -> bool:
    return scope_of(model).allows(user, action)


def ensure_visible(user: AnyUser, instances: Iterable[Model], action: str) -> None:
    """Re-check after a write, inside the transaction, that the user may still ``action`` each object.

    Raising rolls the write back: a district user cannot move a record into another district,
    an enterprise user cannot attach a record to another enterprise (STYLE.md C6).
    """
    for obj in instances:
        model = type(obj)
        if not model._default_manager.restrict(user, action).filter(pk=obj.pk).exists():
            raise PermissionDenied(_("This %(model)s is outside your scope.") % {"model": model._meta.verbose_name})

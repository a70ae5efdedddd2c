"""Reads of the capacity registers: laboratories, their methods, the expert pool, trainings and projects.

Other apps read capacity only through these functions (monitoring names a sample's laboratory, risk asks
the expert pool for reviewers, the work plan's demo fills the registers).
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from npgov.capacity.models import Expert, Lab, LabMethod, Project, Training
from npgov.core.models import User


def lab_list() -> QuerySet[Lab]:
    """Every registered laboratory, by name."""
    return Lab.objects.order_by("name")


def lab_ids_by_name() -> dict[str, int]:
    """Registered name → primary key: an import's laboratory column names a laboratory exactly as registered."""
    return dict(Lab.objects.values_list("name", "pk"))


def lab_by_name(*, name: str) -> Lab | None:
    """The laboratory registered under exactly this name (surrounding spaces ignored)."""
    return Lab.objects.filter(name=name.strip()).first()


def lab_method_list(*, lab: Lab | None = None) -> QuerySet[LabMethod]:
    """Accredited methods with their laboratory and substance, of one laboratory or of all."""
    methods = LabMethod.objects.select_related("lab", "substance")
    return methods.filter(lab=lab) if lab is not None else methods


def expert_list(*, active_only: bool = False, with_account: bool = False) -> QuerySet[Expert]:
    """The expert pool by name; ``active_only`` keeps those still in the pool, ``with_account`` those who can
    sign in (only they can answer a review on the platform)."""
    experts = Expert.objects.order_by("name")
    if active_only:
        experts = experts.filter(active=True)
    if with_account:
        experts = experts.filter(user__isnull=False)
    return experts


def expert_for_user(*, user: User | AnonymousUser) -> Expert | None:
    """The pool entry of a platform account, if it has one."""
    if not user.is_authenticated:
        return None
    return Expert.objects.filter(user=user).first()


def training_list() -> QuerySet[Training]:
    """Trainings, newest first, with the organising department."""
    return Training.objects.select_related("department")


def project_list() -> QuerySet[Project]:
    """Research, pilot and demonstration projects with their department and district."""
    return Project.objects.select_related("department", "district")

"""Writes of the capacity registers: each record validated as its form validates it, saved in one transaction.

``<entity>_save`` creates or changes a record (with a change reason for its history); ``<entity>_get_or_create``
registers a record once by its natural key (demo data of other apps, seeding).
"""

from __future__ import annotations

from typing import Any, TypeVar, cast

from django.db import transaction

from npgov.capacity.models import Expert, Funding, Lab, LabMethod, Project, Training
from npgov.core.models import RegistryModel

RecordT = TypeVar("RecordT", bound=RegistryModel)


@transaction.atomic
def _validated_save(record: RecordT, reason: str) -> RecordT:
    """Run the model's validation (field rules, clean(), constraints), then save with the history reason."""
    record.full_clean()
    record._change_reason = reason[:100]  # read by django-simple-history
    record.save()
    return record


def _get_or_create(model: type[RecordT], lookup: dict[str, Any], defaults: dict[str, Any] | None) -> RecordT:
    # (the stubs type the inherited manager as RegistryModel's, not the concrete model's)
    existing = cast(RecordT | None, model._default_manager.filter(**lookup).first())
    if existing is not None:
        return existing
    return _validated_save(model(**lookup, **(defaults or {})), reason="")


def expert_save(*, expert: Expert, reason: str = "") -> Expert:
    return _validated_save(expert, reason)


def lab_save(*, lab: Lab, reason: str = "") -> Lab:
    """A GLP-certified laboratory must carry its certificate and validity (Lab.clean)."""
    return _validated_save(lab, reason)


def lab_method_save(*, method: LabMethod, reason: str = "") -> LabMethod:
    """One method per (lab, substance, matrix, standard); the LOD may not exceed the LOQ."""
    return _validated_save(method, reason)


def training_save(*, training: Training, reason: str = "") -> Training:
    return _validated_save(training, reason)


def project_save(*, project: Project, reason: str = "") -> Project:
    """Ends after it starts, states outcomes when completed, and its district lies in the department's city."""
    return _validated_save(project, reason)


def funding_save(*, funding: Funding, reason: str = "") -> Funding:
    return _validated_save(funding, reason)


def expert_create(*, name: str, affiliation: str, fields: str, **details: Any) -> Expert:
    """Add an expert to the pool; ``details`` are the other Expert fields (title, conflicts, user, …)."""
    return _validated_save(Expert(name=name, affiliation=affiliation, fields=fields, **details), reason="")


def expert_get_or_create(*, name: str, defaults: dict[str, Any] | None = None) -> Expert:
    return _get_or_create(Expert, {"name": name}, defaults)


def lab_get_or_create(*, name: str, defaults: dict[str, Any] | None = None) -> Lab:
    return _get_or_create(Lab, {"name": name}, defaults)


def training_get_or_create(*, title: str, defaults: dict[str, Any] | None = None) -> Training:
    return _get_or_create(Training, {"title": title}, defaults)


def project_get_or_create(*, title: str, defaults: dict[str, Any] | None = None) -> Project:
    return _get_or_create(Project, {"title": title}, defaults)

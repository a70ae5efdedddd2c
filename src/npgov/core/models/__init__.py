"""Core models: the organisation (districts, departments), users, API tokens, jobs, audit of logins, import batches."""

from __future__ import annotations

from npgov.core.models.audit import LoginEvent
from npgov.core.models.base import RegistryModel, RestrictedQuerySet
from npgov.core.models.imports import ImportBatch
from npgov.core.models.jobs import Job
from npgov.core.models.organisation import Department, DepartmentFunction, District
from npgov.core.models.tokens import ApiToken
from npgov.core.models.users import User

__all__ = [
    "ApiToken",
    "Department",
    "DepartmentFunction",
    "District",
    "ImportBatch",
    "Job",
    "LoginEvent",
    "RegistryModel",
    "RestrictedQuerySet",
    "User",
]

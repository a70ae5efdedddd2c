"""Every app's factories make rows that save and that the models' own validation accepts."""

from __future__ import annotations

import inspect
from types import ModuleType
from typing import Any

import factory
import pytest

from tests.capacity import factories as capacity
from tests.compliance import factories as compliance
from tests.core import factories as core
from tests.enforcement import factories as enforcement
from tests.enterprises import factories as enterprises
from tests.monitoring import factories as monitoring
from tests.regulations import factories as regulations
from tests.risk import factories as risk
from tests.substances import factories as substances
from tests.surveys import factories as surveys
from tests.workplan import factories as workplan

pytestmark = pytest.mark.django_db

MODULES: list[ModuleType] = [
    core, substances, regulations, enterprises, capacity, surveys, monitoring, risk, compliance, enforcement, workplan,
]  # fmt: skip


def _factories() -> list[type[factory.django.DjangoModelFactory]]:
    """The factories each module defines (not those it imports from another app's module)."""
    return [
        member
        for module in MODULES
        for _name, member in inspect.getmembers(module, inspect.isclass)
        if issubclass(member, factory.django.DjangoModelFactory) and member.__module__ == module.__name__
    ]


FACTORIES = _factories()

def _non_editable(instance: Any) -> list[str]:
    """Fields a service computes (digests, frozen copies, verdicts): no form validates them, nor does this test."""
    return [field.name for field in instance._meta.concrete_fields if not field.editable]


def test_every_app_has_factories() -> None:
    assert {module.__name__.split(".")[1] for module in MODULES} <= {f.__module__.split(".")[1] for f in FACTORIES}


@pytest.mark.parametrize(
    "model_factory",
    FACTORIES,
    ids=lambda f: f.__name__,
)
def test_a_factory_makes_a_valid_row(org: None, model_factory: type[factory.django.DjangoModelFactory]) -> None:
    # when
    first, second = model_factory.create_batch(2)
    # then both are saved (unique fields follow sequences) and pass the model's validation
    model = model_factory._meta.model
    assert first.pk != second.pk
    assert model.objects.filter(pk__in=[first.pk, second.pk]).count() == 2
    for instance in (first, second):
        instance.refresh_from_db()
        instance.full_clean(exclude=_non_editable(instance))

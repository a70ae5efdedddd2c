"""factory_boy factories of the core app."""

from __future__ import annotations

import factory

from npgov.core.choices import LoginEventKind, Role
from npgov.core.models import Department, District, ImportBatch, Job, LoginEvent, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.ENTERPRISE
    password = factory.django.Password("Test-password-1")


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    # 210240–210279: codes no shipped district of Dalian uses, so the factory works beside the reference data.
    code = factory.Sequence(lambda n: f"2102{40 + n % 40:02d}")
    name_zh = factory.Sequence(lambda n: f"测试区{n}")
    kind = "district"
    parent = factory.LazyFunction(lambda: District.objects.get(code="210200"))


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    code = factory.Sequence(lambda n: f"test-dept-{n}")
    name_zh = factory.Sequence(lambda n: f"测试局{n}")
    city = factory.LazyFunction(lambda: District.objects.get(code="210200"))


class JobFactory(factory.django.DjangoModelFactory):
    """A pending system check started by a new user."""

    class Meta:
        model = Job

    name = factory.Sequence(lambda n: f"测试任务{n}")
    task = "core.system_check"
    user = factory.SubFactory(UserFactory)


class LoginEventFactory(factory.django.DjangoModelFactory):
    """A sign-in recorded by user name only, without a user row."""

    class Meta:
        model = LoginEvent

    kind = LoginEventKind.LOGIN
    username = factory.Sequence(lambda n: f"user{n}")


class ImportBatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportBatch

    target = "core.department"
    file_name = factory.Sequence(lambda n: f"import{n}.csv")
    # 64 hex digits, a different file for each batch (target and SHA-256 are unique together)
    sha256 = factory.Sequence(lambda n: f"{n:064x}")
    user = factory.SubFactory(UserFactory)

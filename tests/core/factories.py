"""factory_boy factories of the core app."""

from __future__ import annotations

import factory

from npgov.core.choices import Role
from npgov.core.models import Department, District, User


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

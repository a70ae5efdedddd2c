"""factory_boy factories of the notifications app."""

from __future__ import annotations

import factory

from npgov.notifications.models import Notification, NotificationPreference
from tests.core.factories import UserFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = "submission_returned"
    key = factory.Sequence(lambda n: f"surveys.submission:{n}")
    title = factory.Sequence(lambda n: f"2026年度新污染物调查 {n}")
    url = "/surveys/"
    stage = "event"


class NotificationPreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NotificationPreference
        django_get_or_create = ("user", "kind")

    user = factory.SubFactory(UserFactory)
    kind = "submission_returned"
    in_app = True
    email = True

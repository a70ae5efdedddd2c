from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CapacityConfig(AppConfig):
    name = "npgov.capacity"
    label = "capacity"
    verbose_name = _("Capacity")

    def ready(self) -> None:
        from npgov.capacity import navigation  # noqa: F401  (menu items)

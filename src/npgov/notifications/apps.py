from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "npgov.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # Imported here, not at module top: app modules may not be imported before the app registry is ready.
        from npgov.notifications import receivers, registration

        receivers.connect()
        registration.register()

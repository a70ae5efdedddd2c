from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The public portal (公众门户): what anyone may read without an account, complaints, disclosures, articles."""

    name = "npgov.portal"
    label = "portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        # Imported here, not at module top: app modules may not be imported before the app registry is ready.
        from npgov.portal import registration

        registration.register()

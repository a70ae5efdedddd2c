from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "npgov.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # The Celery app must exist before any task is sent, so that eager mode and the broker settings apply.
        import npgov.celery  # noqa: F401

        # Imported here, not at module top: app modules may not be imported before the app registry is ready.
        from npgov.core import checks, demo, navigation, signals  # noqa: F401  (checks, signals: register on import)

        navigation.register()
        demo.register()
        self._register_ticks()

    @staticmethod
    def _register_ticks() -> None:
        from npgov.core.registry import Tick, registry
        from npgov.core.services import recovery

        # a job whose worker died (killed, server restarted) is marked failed so that it can be run again
        registry.add_tick(Tick("core-stale-jobs", lambda today: recovery.jobs_fail_stale(), order=5))

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "npgov.compliance"
    label = "compliance"
    verbose_name = _("Compliance")

    def ready(self) -> None:
        # Imported here, not at module top: these modules import models, which need the app registry ready.
        from npgov.compliance import calculators, forms, navigation, workspace

        navigation.register()
        calculators.register()
        forms.register()
        workspace.register()
        from npgov.core.registry import registry

        registry.list_change_impact = _list_change_impact
        from npgov.core.signals import domain_event

        domain_event.connect(_on_list_revised, dispatch_uid="compliance-list-revised")


def _list_change_impact(diff: Any) -> dict[str, Any]:
    # imported when called: the impact classifies structures (RDKit), which a web process loads only when needed
    from npgov.compliance.impact import diff_impact_json

    return diff_impact_json(diff)


def _on_list_revised(sender: Any, *, kind: str, key: str, actor: Any = None, **kwargs: Any) -> None:
    """A list's new revision (loaded or published): a job works out who is affected and tells them, once each.
    Nothing to do before any enterprise has an accepted report or a recorded activity (a fresh installation)."""
    if kind != "list_revised":
        return
    from npgov.compliance.tasks import list_change_notify_task
    from npgov.core.registry import registry
    from npgov.core.services.jobs import job_enqueue
    from npgov.surveys.selectors import accepted_lines

    recorded = any(next(iter(source()), None) is not None for source in registry.activity_sources)
    if not accepted_lines().exists() and not recorded:
        return
    _prefix, code, revision = key.rsplit(":", 2)
    job_enqueue(task=list_change_notify_task, name=str(_("Tell those affected by a list change")), user=actor,
                params={"code": code, "revision": int(revision)})  # fmt: skip

"""The enterprise registry's part of the workspace (工作台): an enterprise user's own company and its gaps.

The enterprise page is where the other apps' panels (obligations, findings, key-discharge suggestion) show, so
the widget leads there and says which registry data is still missing. Two queries, whatever the data.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from npgov.core.choices import Role
from npgov.core.models import User
from npgov.core.registry import WorkItem, WorkList, WorkWidget, registry
from npgov.enterprises.models import Enterprise
from npgov.enterprises.selectors import enterprise_visible


def missing_data(enterprise: Enterprise, permits: int) -> list[str]:
    """The registry data of the enterprise that is still empty, as field names users read."""
    labels = {field.name: str(field.verbose_name) for field in Enterprise._meta.concrete_fields}
    missing = [labels[name] for name in ("address", "contact_name", "contact_phone") if not getattr(enterprise, name)]
    if enterprise.latitude is None or enterprise.longitude is None:
        missing.append(_("location (coordinates)"))
    if not permits:
        missing.append(_("discharge permit or registration"))
    return missing


def _my_enterprise(user: User, today: date) -> WorkList:
    enterprises = list(
        enterprise_visible(user=user)
        .select_related("district")
        .annotate(permit_count=Count("permits"))
        .order_by("name")
    )
    if not enterprises:
        return WorkList(
            [
                WorkItem(
                    title=_("Your account is not linked to an enterprise yet"),
                    url=reverse("core:user_detail", args=[user.pk]),
                    status=_("Ask the Ecology and Environment Bureau to link it"),
                )
            ],
            1,
        )
    items = []
    for enterprise in enterprises:
        missing = missing_data(enterprise, enterprise.permit_count)
        status = (
            ngettext("%(n)s item of data missing", "%(n)s items of data missing", len(missing)) % {"n": len(missing)}
            if missing
            else _("Registry data complete")
        )
        note = (
            _("Missing: %(fields)s. Send the data to your district's environment office.")
            % {"fields": "、".join(missing)}
            if missing
            else f"{enterprise.uscc} · {enterprise.district}"
        )
        items.append(WorkItem(title=enterprise.name, url=enterprise.get_absolute_url(), status=status, note=note))
    return WorkList(items, len(items))


def register() -> None:
    """Called once from EnterprisesConfig.ready()."""
    registry.add_widget(
        WorkWidget(
            "enterprises.mine",
            gettext_lazy("My enterprise"),
            frozenset({Role.ENTERPRISE}),
            _my_enterprise,
            order=50,
            icon="building",
        )
    )

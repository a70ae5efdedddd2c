"""factory_boy factories of the statistics area's portal model: the bureau's publication settings (one row)."""

from __future__ import annotations

import factory

from npgov.portal.public.models import PortalSettings


class PortalSettingsFactory(factory.django.DjangoModelFactory):
    """The single settings row (pk 1), created or updated with the level given."""

    class Meta:
        model = PortalSettings
        django_get_or_create = ("id",)

    id = 1
    workplan_level = PortalSettings.WorkplanLevel.PLAN

    @classmethod
    def _create(cls, model_class: type[PortalSettings], *args: object, **kwargs: object) -> PortalSettings:
        row = super()._create(model_class, *args, **kwargs)
        level = kwargs.get("workplan_level")
        if level and row.workplan_level != level:
            row.workplan_level = level
            row.save()
        return row

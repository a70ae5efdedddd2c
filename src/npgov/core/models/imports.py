"""Import batches: who imported which file into what, so the same file is not imported twice."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from npgov.core.models.base import RegistryModel
from npgov.core.permissions import Scope


class ImportBatch(RegistryModel):
    """One committed bulk import: the file's SHA-256, its target, the row counts and who did it."""

    target = models.CharField(_("imported into"), max_length=100, help_text=_("app_label.model of the rows."))
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("imported by"), null=True, on_delete=models.SET_NULL
    )

    scope = Scope(owner="user")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        constraints = [
            models.UniqueConstraint(
                fields=["target", "sha256"],
                name="core_importbatch_unique_file",
                violation_error_message=_("This file has already been imported."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.rows})"

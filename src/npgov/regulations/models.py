"""Regulatory lists, their entries (substances or groups) and the control measures attached to them.

Lists are versioned, never edited in place: loading a list file whose content differs from the
current revision creates a new revision and retires the old one (services.regulations_load).
"""

from __future__ import annotations

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from npgov.core.models import RegistryModel
from npgov.core.permissions import REFERENCE
from npgov.regulations.choices import EntryKind, ListKind, MeasureKind


class RegulatoryList(RegistryModel):
    """One revision of a regulatory list, with the document that issued it."""

    code = models.CharField(_("code"), max_length=60, help_text=_("e.g. CN-KCNP-2023"))
    revision = models.PositiveIntegerField(_("revision"), default=1)
    is_current = models.BooleanField(_("current revision"), default=True)
    kind = models.CharField(_("kind"), max_length=30, choices=ListKind.choices)
    title_zh = models.CharField(_("Chinese title"), max_length=300)
    title_en = models.CharField(_("English title"), max_length=300, blank=True)
    issuer_zh = models.CharField(_("issuer"), max_length=300, blank=True)
    issuer_en = models.CharField(_("issuer (English)"), max_length=500, blank=True)
    document_number = models.CharField(_("document number"), max_length=300, blank=True)
    published = models.DateField(_("published"), null=True, blank=True)
    effective = models.DateField(_("effective"), null=True, blank=True)
    version = models.CharField(_("version"), max_length=40, blank=True)
    source_title = models.CharField(_("source document"), max_length=500, blank=True)
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    source_note = models.TextField(_("source note"), blank=True)
    verified = models.BooleanField(_("verified"), default=True)
    content_sha256 = models.CharField(_("content SHA-256"), max_length=64, editable=False)

    history = HistoricalRecords()
    scope = REFERENCE

    class Meta:
        ordering = ["kind", "code", "-revision"]
        verbose_name = _("regulatory list")
        verbose_name_plural = _("regulatory lists")
        constraints = [
            models.UniqueConstraint(fields=["code", "revision"], name="regulations_list_unique_revision"),
            models.UniqueConstraint(
                fields=["code"], condition=models.Q(is_current=True), name="regulations_list_one_current"
            ),
        ]

    def __str__(self) -> str:
        return self.title_zh

    def get_absolute_url(self) -> str:
        return reverse("regulations:list_detail", args=[self.pk])

    @property
    def source_label(self) -> str:
        return " ".join(p for p in [self.document_number, self.source_title] if p)


class ListEntry(RegistryModel):
    """An item of a list: a substance or a group (``group_rule`` says how structures are matched)."""

    regulatory_list = models.ForeignKey(
        RegulatoryList, verbose_name=_("list"), on_delete=models.CASCADE, related_name="entries"
    )
    item = models.CharField(_("item"), max_length=20)
    position = models.PositiveIntegerField(_("position"), default=0)
    name_zh = models.CharField(_("Chinese name"), max_length=500)
    name_en = models.CharField(_("English name"), max_length=500, blank=True)
    abbreviation = models.CharField(_("abbreviation"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=EntryKind.choices, default=EntryKind.SINGLE)
    group_rule = models.JSONField(_("group rule"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    details = models.JSONField(_("other details"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    note = models.TextField(_("note"), blank=True)
    source = models.TextField(_("source"), blank=True)
    verified = models.BooleanField(_("verified"), default=True)

    scope = REFERENCE

    class Meta:
        ordering = ["regulatory_list", "position"]
        verbose_name = _("list entry")
        verbose_name_plural = _("list entries")
        constraints = [
            models.UniqueConstraint(fields=["regulatory_list", "item"], name="regulations_entry_unique_item")
        ]

    def __str__(self) -> str:
        return f"{self.regulatory_list.code} {self.item} {self.name_zh}"

    def get_absolute_url(self) -> str:
        return reverse("regulations:entry_detail", args=[self.pk])


class ListMember(RegistryModel):
    """A substance an entry names (with the CAS RN printed in the list)."""

    entry = models.ForeignKey(ListEntry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="members")
    cas = models.CharField(_("CAS RN"), max_length=12, blank=True, db_index=True)
    name_zh = models.CharField(_("Chinese name"), max_length=300, blank=True)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    substance = models.ForeignKey(
        "substances.Substance",
        verbose_name=_("substance"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="list_memberships",
    )
    source = models.TextField(_("source"), blank=True)
    verified = models.BooleanField(_("verified"), default=True)

    scope = REFERENCE

    class Meta:
        ordering = ["entry", "pk"]
        verbose_name = _("named member")
        verbose_name_plural = _("named members")

    def __str__(self) -> str:
        return f"{self.name_zh or self.name_en} ({self.cas})"


class ControlMeasure(RegistryModel):
    """A ban, restriction, limit or duty that a list attaches to an entry (one substance, one policy)."""

    entry = models.ForeignKey(ListEntry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="measures")
    position = models.PositiveIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=30, choices=MeasureKind.choices)
    clause = models.CharField(_("clause"), max_length=20, blank=True)
    text_zh = models.TextField(_("text"))
    text_en = models.TextField(_("English text"), blank=True)
    activities = models.JSONField(_("activities"), default=list, blank=True)
    exempt_uses = models.JSONField(_("exempted uses"), default=list, blank=True, encoder=DjangoJSONEncoder)
    effective = models.DateField(_("effective from"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)
    threshold = models.JSONField(_("threshold"), null=True, blank=True, encoder=DjangoJSONEncoder)
    legal_basis = models.CharField(_("legal basis"), max_length=500, blank=True)
    departments = models.JSONField(_("responsible departments"), default=list, blank=True)
    source = models.TextField(_("source"), blank=True)
    verified = models.BooleanField(_("verified"), default=True)

    scope = REFERENCE

    class Meta:
        ordering = ["entry", "position"]
        verbose_name = _("control measure")
        verbose_name_plural = _("control measures")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text_zh[:40]}"

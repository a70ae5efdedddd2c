"""The substance registry: what a chemical is (identifiers, names, structure) and what is known of it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from npgov.core.models import RegistryModel
from npgov.core.numbers import ANY_FINITE, range_constraint, range_validators
from npgov.core.permissions import REFERENCE
from npgov.science.identifiers import IdentifierError, normalise_cas
from npgov.science.numbers import NumberRange
from npgov.substances.choices import PropertyBasis, PropertyName, Qualifier, SubstanceKind
from npgov.substances.validators import cas_error_message

# Declared ranges (issue #16). Molecular weights are computed from the structure (polymers can be large);
# property values (melting points in °C, log Kow) can be negative, so they are only required to be finite.
MOLECULAR_WEIGHT = NumberRange(0, 1e7, minimum_inclusive=False, unit="g/mol")
PROPERTY_VALUE = ANY_FINITE

__all__ = ["Substance", "SubstanceProperty"]


class Substance(RegistryModel):
    """A chemical substance, a group of substances or a UVCB, with its identifiers and structure.

    The structure fields after ``smiles`` are derived by ``services.substance_apply_structure`` from
    the SMILES as entered; ``parent_smiles`` (the standardised parent, salts → acid) is what
    classification compares.
    """

    cas = models.CharField(_("CAS RN"), max_length=12, unique=True, null=True, blank=True)
    ec_number = models.CharField(_("EC number"), max_length=9, blank=True)
    name_zh = models.CharField(_("Chinese name"), max_length=200, blank=True, db_index=True)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    synonyms = models.TextField(_("synonyms"), blank=True, help_text=_("One name per line, or separated by |."))
    kind = models.CharField(_("kind"), max_length=10, choices=SubstanceKind.choices, default=SubstanceKind.SINGLE)
    smiles = models.TextField(_("SMILES"), blank=True)
    canonical_smiles = models.TextField(_("canonical SMILES"), blank=True, editable=False)
    parent_smiles = models.TextField(_("parent structure"), blank=True, editable=False)
    inchikey = models.CharField(_("InChIKey"), max_length=27, blank=True, db_index=True, editable=False)
    parent_inchikey = models.CharField(_("parent InChIKey"), max_length=27, blank=True, db_index=True, editable=False)
    formula = models.CharField(_("formula"), max_length=100, blank=True, editable=False)
    molecular_weight = models.FloatField(_("molecular weight"), null=True, blank=True, editable=False,
                                         validators=range_validators(MOLECULAR_WEIGHT))
    source = models.TextField(_("source"), blank=True)
    verified = models.BooleanField(_("verified"), default=True)

    history = HistoricalRecords()
    scope = REFERENCE

    class Meta:
        ordering = ["name_zh", "cas"]
        verbose_name = _("substance")
        verbose_name_plural = _("substances")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(cas="") | models.Q(cas__isnull=True),
                name="substances_substance_cas_not_empty",
                violation_error_message=_("Leave the CAS RN empty rather than blank."),
            ),
            range_constraint("molecular_weight", MOLECULAR_WEIGHT, name="substances_substance_molecular_weight_range"),
        ]

    def __str__(self) -> str:
        name = self.name_zh or self.name_en or self.formula or "?"
        return f"{name} ({self.cas})" if self.cas else name

    def get_absolute_url(self) -> str:
        return reverse("substances:substance_detail", args=[self.pk])

    def clean(self) -> None:
        if self.cas:
            try:
                self.cas = normalise_cas(self.cas)
            except IdentifierError as exc:
                raise ValidationError({"cas": cas_error_message(exc)}) from exc
        if not (self.name_zh or self.name_en or self.cas):
            raise ValidationError(_("A substance needs a name or a CAS RN."))

    def synonym_list(self) -> list[str]:
        return [s.strip() for s in self.synonyms.replace("|", "\n").splitlines() if s.strip()]


class SubstanceProperty(RegistryModel):
    """A measured, estimated or regulatory property value with its provenance."""

    substance = models.ForeignKey(
        Substance, verbose_name=_("substance"), on_delete=models.CASCADE, related_name="properties"
    )
    name = models.CharField(_("property"), max_length=30, choices=PropertyName.choices)
    qualifier = models.CharField(_("qualifier"), max_length=1, choices=Qualifier.choices, default=Qualifier.EQUAL)
    value = models.FloatField(_("value"), validators=range_validators(PROPERTY_VALUE))
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    basis = models.CharField(_("basis"), max_length=20, choices=PropertyBasis.choices)
    reliability = models.PositiveSmallIntegerField(
        _("reliability (Klimisch 1–4)"), null=True, blank=True, choices=[(i, str(i)) for i in range(1, 5)]
    )
    conditions = models.CharField(_("conditions"), max_length=200, blank=True)
    source = models.TextField(_("source"))

    history = HistoricalRecords()
    scope = REFERENCE

    class Meta:
        ordering = ["substance", "name", "-reliability"]
        verbose_name = _("substance property")
        verbose_name_plural = _("substance properties")
        constraints = [range_constraint("value", PROPERTY_VALUE, name="substances_substanceproperty_value_range")]

    def __str__(self) -> str:
        return f"{self.get_name_display()} {self.qualifier}{self.value:g} {self.unit}".strip()

    def get_absolute_url(self) -> str:
        return self.substance.get_absolute_url()

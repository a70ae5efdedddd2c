from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from npgov.core.api.serializers import ModelCleanSerializer
from npgov.substances.models import Substance, SubstanceProperty
from npgov.substances.services import STRUCTURE_FIELDS, substance_apply_structure


class SubstancePropertySerializer(serializers.ModelSerializer):
    class Meta:
        model = SubstanceProperty
        fields = ["id", "name", "qualifier", "value", "unit", "basis", "reliability", "conditions", "source"]


class SubstanceSerializer(ModelCleanSerializer):
    properties = SubstancePropertySerializer(many=True, read_only=True)

    class Meta:
        model = Substance
        fields = [
            "id",
            "cas",
            "ec_number",
            "name_zh",
            "name_en",
            "synonyms",
            "kind",
            "smiles",
            "canonical_smiles",
            "parent_smiles",
            "inchikey",
            "parent_inchikey",
            "formula",
            "molecular_weight",
            "source",
            "verified",
            "properties",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "canonical_smiles",
            "parent_smiles",
            "inchikey",
            "parent_inchikey",
            "formula",
            "molecular_weight",
            "created_at",
            "updated_at",
        ]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        probe = Substance(smiles=attrs.get("smiles", self.instance.smiles if self.instance else ""))
        try:
            substance_apply_structure(probe)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc
        return {**attrs, **{name: getattr(probe, name) for name in STRUCTURE_FIELDS}}

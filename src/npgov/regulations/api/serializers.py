from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from npgov.core.api.serializers import YesNoField
from npgov.regulations.models import ControlMeasure, ListEntry, ListMember, RegulatoryList


class ListMemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = ListMember
        fields = ["cas", "name_zh", "name_en", "substance", "source", "verified"]


class ControlMeasureSerializer(serializers.ModelSerializer):
    class Meta:
        model = ControlMeasure
        fields = [
            "kind",
            "clause",
            "text_zh",
            "text_en",
            "activities",
            "exempt_uses",
            "effective",
            "until",
            "threshold",
            "legal_basis",
            "departments",
            "source",
            "verified",
        ]


class ListEntrySerializer(serializers.ModelSerializer):
    list = serializers.CharField(source="regulatory_list.code", read_only=True)
    members = ListMemberSerializer(many=True, read_only=True)
    measures = ControlMeasureSerializer(many=True, read_only=True)

    class Meta:
        model = ListEntry
        fields = [
            "id",
            "list",
            "item",
            "name_zh",
            "name_en",
            "abbreviation",
            "kind",
            "group_rule",
            "note",
            "source",
            "verified",
            "members",
            "measures",
        ]


class RegulatoryListSerializer(serializers.ModelSerializer):
    class Meta:
        model = RegulatoryList
        fields = [
            "id",
            "code",
            "revision",
            "is_current",
            "kind",
            "title_zh",
            "title_en",
            "issuer_zh",
            "document_number",
            "published",
            "effective",
            "version",
            "source_title",
            "source_url",
            "source_note",
            "verified",
        ]


MAX_IDENTIFIER_LENGTH = 2000  # a SMILES of 2,000 characters is a very large molecule
MAX_TOTAL_CHARACTERS = 200_000
MAX_IDENTIFIERS = 500  # as the classify page (regulations.forms)


class ClassifyInput(serializers.Serializer):
    identifiers = serializers.ListField(
        # As many as the page takes at once (classified inside the request); a larger inventory is screened as a job.
        child=serializers.CharField(allow_blank=True, max_length=MAX_IDENTIFIER_LENGTH),
        min_length=1,
        max_length=MAX_IDENTIFIERS,
    )
    structure_ids = YesNoField(
        default=True,
        help_text=_(
            "Answer with the canonical SMILES and InChIKey of a structure that is not in the registry. False leaves "
            "them empty and halves the time of a large batch: an InChIKey costs about three parses."
        ),
    )

    def validate_identifiers(self, value: list[str]) -> list[str]:
        if sum(len(v) for v in value) > MAX_TOTAL_CHARACTERS:
            raise serializers.ValidationError(_("At most 200,000 characters in one request."))
        return value


class ClassifySubstanceOutput(serializers.Serializer):
    cas = serializers.CharField(allow_null=True)
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    smiles = serializers.CharField()
    inchikey = serializers.CharField()


class ClassifyMatchOutput(serializers.Serializer):
    list = serializers.CharField()
    entry = serializers.CharField()
    basis = serializers.ChoiceField(choices=["cas", "parent", "group-rule"])
    explanation = serializers.CharField()


class ClassifyOutput(serializers.Serializer):
    input = serializers.CharField()
    substance = ClassifySubstanceOutput(allow_null=True)
    matches = ClassifyMatchOutput(many=True)
    errors = serializers.ListField(child=serializers.CharField())

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ListKind(models.TextChoices):
    KEY_CONTROLLED = "key_controlled", _("Key controlled new pollutants")
    PRIORITY_CONTROL = "priority_control", _("Priority control chemicals")
    POPS = "pops", _("Persistent organic pollutants (Stockholm Convention)")
    STRICTLY_RESTRICTED = "strictly_restricted", _("Strictly restricted toxic chemicals")
    LOCAL_PRIORITY = "local_priority", _("Local priority list")
    PROVINCIAL = "provincial", _("Provincial supplementary list")


class EntryKind(models.TextChoices):
    SINGLE = "single", _("Single substance")
    GROUP = "group", _("Group of substances")
    UVCB = "uvcb", _("UVCB")


class MeasureKind(models.TextChoices):
    BAN_PRODUCTION = "ban_production", _("Ban on production")
    BAN_PROCESSING_USE = "ban_processing_use", _("Ban on processing and use")
    BAN_IMPORT = "ban_import", _("Ban on import")
    BAN_EXPORT = "ban_export", _("Ban on export")
    RESTRICT_PRODUCTION = "restrict_production", _("Restriction of production")
    RESTRICT_PROCESSING_USE = "restrict_processing_use", _("Restriction of processing and use")
    RESTRICT_IMPORT = "restrict_import", _("Restriction of import")
    RESTRICT_EXPORT = "restrict_export", _("Restriction of export")
    EMISSION_CONTROL = "emission_control", _("Emission control")
    PRODUCT_CONTENT_LIMIT = "product_content_limit", _("Content limit in products")
    DISCLOSURE = "disclosure", _("Information disclosure")
    MONITORING = "monitoring", _("Monitoring")
    CLEANER_PRODUCTION_AUDIT = "cleaner_production_audit", _("Mandatory cleaner-production audit")
    HAZARDOUS_WASTE = "hazardous_waste", _("Hazardous waste management")
    SOIL_HIDDEN_DANGER = "soil_hidden_danger", _("Soil pollution hidden-danger inspection")
    RELEASE_NOTICE = "release_notice", _("Import/export release notice")
    OTHER = "other", _("Other measure")


class MatchBasis(models.TextChoices):
    CAS = "cas", _("CAS RN named in the entry")
    PARENT = "parent", _("Salt or form of a named substance (same parent structure)")
    GROUP_RULE = "group-rule", _("Structure satisfies the group definition")


# The short badge of each match basis (the full label is MatchBasis's).
MATCH_BASIS_SHORT = {
    MatchBasis.CAS: _("by CAS RN"),
    MatchBasis.PARENT: _("by parent structure"),
    MatchBasis.GROUP_RULE: _("by group definition"),
}


# How a group entry is matched to structures (the "type" of its group rule), as readers read it.
GROUP_RULE_TYPES = {
    "smarts": _("structural pattern"),
    "element_compounds": _("compounds of an element"),
    "chlorinated_paraffin": _("chlorinated paraffins by chain length and chlorine content"),
    "halogenated_scaffold": _("halogenated skeleton"),
    "perfluoroalkyl_chain": _("perfluoroalkyl chain on a head group"),
    "alkyl_phenol": _("alkylphenols by chain length"),
    "oecd_pfas": _("OECD definition of PFAS"),
    "curated_list": _("the substances the list names"),
    "parent_of_members": _("the named substances and their salts and other forms"),
    "structural_class": _("structural class"),
}

"""The substance registry's file imports, declared apart from the views and with the forms named by path
(imported on first use): registering them in ``SubstancesConfig.ready()`` must not load RDKit."""

from __future__ import annotations

from npgov.core.importers import ImportSpec, register_import
from npgov.substances.models import Substance, SubstanceProperty
from npgov.substances.validators import cas_or_text

SUBSTANCE_IMPORT = ImportSpec(
    key="substances",
    model=Substance,
    form_class="npgov.substances.forms.SubstanceForm",
    key_field="cas",
    key_normaliser=cas_or_text,
    example={"cas": "108-88-3", "name_zh": "甲苯", "name_en": "toluene", "kind": "single", "smiles": "Cc1ccccc1"},
)
PROPERTY_IMPORT = ImportSpec(
    key="substance-properties",
    model=SubstanceProperty,
    form_class="npgov.substances.forms.SubstancePropertyForm",
    key_field="",  # property rows have no natural key: every row adds a value
    example={"substance": "75-09-2", "name": "log_kow", "qualifier": "=", "value": "1.25", "unit": "",
             "basis": "experimental", "reliability": "2", "source": "OECD SIDS dichloromethane"},
)  # fmt: skip


def register() -> None:
    """Called once from SubstancesConfig.ready()."""
    register_import(SUBSTANCE_IMPORT)
    register_import(PROPERTY_IMPORT)

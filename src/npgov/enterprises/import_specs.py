"""The enterprise register's file imports (declared here, apart from the views, so that registering them in
``EnterprisesConfig.ready()`` loads no page code)."""

from __future__ import annotations

from npgov.core.importers import ImportSpec, register_import
from npgov.enterprises.forms import EnterpriseImportForm, ParkForm, PermitForm, PermitLimitForm
from npgov.enterprises.models import Enterprise, Park, Permit, PermitLimit
from npgov.science.identifiers import IdentifierError, normalise_uscc


def uscc_or_text(raw: str) -> str:
    try:
        return normalise_uscc(raw)
    except IdentifierError:
        return raw


ENTERPRISE_IMPORT = ImportSpec(
    key="enterprises",
    model=Enterprise,
    form_class=EnterpriseImportForm,
    key_field="uscc",
    key_normaliser=uscc_or_text,
    example={
        "uscc": "9144030071526726XG",
        "name": "示例化工有限公司",
        "district": "210211",
        "industry": "2614",
        "status": "operating",
    },
)
PARK_IMPORT = ImportSpec(
    key="parks",
    model=Park,
    form_class=ParkForm,
    key_field="name",
    example={"name": "示例化工园区", "district": "210211", "chemical_park": "true"},
)
PERMIT_IMPORT = ImportSpec(
    key="permits",
    model=Permit,
    form_class=PermitForm,
    key_field="number",
    example={
        "number": "91210211MA0000000X001P",
        "kind": "permit",
        "enterprise": "9144030071526726XG",
        "valid_from": "2024-01-01",
        "valid_until": "2028-12-31",
    },
)
PERMIT_LIMIT_IMPORT = ImportSpec(
    key="permit-limits",
    model=PermitLimit,
    form_class=PermitLimitForm,
    key_field="",
    example={
        "permit": "91210211MA0000000X001P",
        "substance": "1763-23-1",
        "kind": "water_concentration",
        "value": "0.5",
        "unit": "µg/L",
    },
)


def register() -> None:
    """Called once from EnterprisesConfig.ready()."""
    for spec in (ENTERPRISE_IMPORT, PARK_IMPORT, PERMIT_IMPORT, PERMIT_LIMIT_IMPORT):
        register_import(spec)

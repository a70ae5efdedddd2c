"""The enterprise register's file import (declared here, apart from the views, so that registering it in
``EnterprisesConfig.ready()`` loads no page code)."""

from __future__ import annotations

from npgov.core.importers import ImportSpec, register_import
from npgov.enterprises.forms import EnterpriseForm
from npgov.enterprises.models import Enterprise
from npgov.science.identifiers import IdentifierError, normalise_uscc


def uscc_or_text(raw: str) -> str:
    try:
        return normalise_uscc(raw)
    except IdentifierError:
        return raw


ENTERPRISE_IMPORT = ImportSpec(
    key="enterprises",
    model=Enterprise,
    form_class=EnterpriseForm,
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


def register() -> None:
    """Called once from EnterprisesConfig.ready()."""
    register_import(ENTERPRISE_IMPORT)

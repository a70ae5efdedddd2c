"""Risk's file imports: PNECs, hazard data and ecotoxicity endpoints.

The forms are named by path (imported on first use): registering the specs in ``RiskConfig.ready()``
must not load the forms, which need the scientific libraries.
"""

from __future__ import annotations

from npgov.core.importers import ImportSpec, register_import
from npgov.risk.models import EcotoxEndpoint, HazardDatum, Pnec

PNEC_IMPORT = ImportSpec(
    key="pnecs",
    model=Pnec,
    form_class="npgov.risk.forms.PnecForm",
    key_field="id",
    example={
        "substance": "1763-23-1",
        "compartment": "freshwater",
        "value": "0.00065",
        "unit": "µg/L",
        "basis": "EU AA-EQS (inland surface waters)",
        "source": "Directive 2013/39/EU, Annex I",
        "verified": "True",
    },
)  # fmt: skip
HAZARD_IMPORT = ImportSpec(
    key="hazard-data",
    model=HazardDatum,
    form_class="npgov.risk.forms.HazardDatumForm",
    key_field="id",
    example={
        "substance": "80-05-7",
        "property": "log_kow",
        "value": "3.32",
        "kind": "experimental",
        "reliability": "2",
        "source": "EU Risk Assessment Report bisphenol A (2003)",
        "verified": "False",
    },
)  # fmt: skip
ENDPOINT_IMPORT = ImportSpec(
    key="ecotox-endpoints",
    model=EcotoxEndpoint,
    form_class="npgov.risk.forms.EcotoxEndpointForm",
    key_field="id",
    example={
        "substance": "80-05-7",
        "compartment": "freshwater",
        "species": "Daphnia magna",
        "trophic_level": "invertebrates",
        "duration": "short-term",
        "endpoint": "EC50",
        "exposure_days": "2",
        "value_mg_l": "10.2",
        "kind": "experimental",
        "reliability": "2",
        "source": "EU Risk Assessment Report bisphenol A (2003)",
        "verified": "False",
    },
)  # fmt: skip


def register() -> None:
    """Called once from RiskConfig.ready()."""
    register_import(PNEC_IMPORT)
    register_import(HAZARD_IMPORT)
    register_import(ENDPOINT_IMPORT)

"""The ModelForm imports of the monitoring app (the site list), registered with the core import pipeline.

Kept apart from ``views.py`` so that registering it at start-up does not load the results importer
(polars) into every process.
"""

from __future__ import annotations

from npgov.core.importers import ImportSpec, register_import
from npgov.core.uploads import SMALL
from npgov.monitoring.forms import SiteImportForm
from npgov.monitoring.models import Site

# Codes and names as users know them (site code, district code, park name), never internal ids.
SITE_IMPORT = ImportSpec(
    key="monitoring-sites",
    model=Site,
    form_class=SiteImportForm,
    key_field="code",
    example={
        "code": "DL-DW-01",
        "name": "碧流河水库取水口",
        "kind": "drinking_water",
        "district": "210283",
        "latitude": "39.70",
        "longitude": "122.50",
        "water_body": "碧流河水库",
    },
    limits=SMALL,
)


def register() -> None:
    """Called once from MonitoringConfig.ready()."""
    register_import(SITE_IMPORT)

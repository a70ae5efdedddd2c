"""File imports of the capacity registers: the expert pool and laboratory methods."""

from __future__ import annotations

from npgov.capacity import forms
from npgov.capacity.models import Expert, LabMethod
from npgov.core.importers import ImportSpec, register_import

EXPERT_IMPORT = ImportSpec(
    key="experts",
    model=Expert,
    form_class=forms.ExpertForm,
    key_field="",
    example={"name": "王某某", "affiliation": "江苏海洋大学", "fields": "风险评估"},
)
LAB_METHOD_IMPORT = ImportSpec(
    key="lab-methods",
    model=LabMethod,
    form_class="npgov.capacity.import_forms.LabMethodImportForm",  # by path: loaded on first use
    key_field="",
    example={"lab": "大连市环境监测中心", "substance": "1763-23-1", "matrix": "water", "standard": "HJ 1333-2023",
             "lod": "0.1", "loq": "0.3", "unit": "ng/L"},
)  # fmt: skip


def register() -> None:
    """Called once from CapacityConfig.ready()."""
    register_import(EXPERT_IMPORT)
    register_import(LAB_METHOD_IMPORT)

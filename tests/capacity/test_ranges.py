"""The laboratory-method import: laboratories by name and substances by CAS RN, limits within their range
(issue #16, defect 1 and item 11)."""

from __future__ import annotations

import pytest

from npgov.capacity.importers import LAB_METHOD_IMPORT
from npgov.capacity.models import LabMethod
from npgov.core.importers import import_run
from npgov.substances.models import Substance
from tests.capacity.factories import LabFactory
from tests.conftest import Personas
from tests.substances.factories import SubstanceFactory

pytestmark = pytest.mark.django_db

HEADER = "lab,substance,matrix,standard,lod,loq,unit"


def _csv(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")


def _pfos() -> Substance:
    return Substance.objects.filter(cas="1763-23-1").first() or SubstanceFactory(cas="1763-23-1")


def test_a_lab_method_is_imported_by_laboratory_name_and_cas(personas: Personas) -> None:
    lab, pfos = LabFactory(name="大连市环境监测中心"), _pfos()
    data = _csv("大连市环境监测中心,1763-23-1,water,HJ 1333-2023,0.1,0.3,ng/L")
    report = import_run(spec=LAB_METHOD_IMPORT, data=data, filename="methods.csv", user=personas.bureau)
    assert report.ok, report.errors
    method = LabMethod.objects.get()
    assert (method.lab, method.substance, method.lod, method.loq) == (lab, pfos, 0.1, 0.3)


def test_unknown_laboratories_and_limits_out_of_range_are_row_errors(personas: Personas) -> None:
    LabFactory(name="大连市环境监测中心")
    _pfos()
    data = _csv(
        "某某实验室,1763-23-1,water,HJ 1333-2023,0.1,0.3,ng/L",
        "大连市环境监测中心,1763-23-1,water,HJ 1333-2023,1e308,,ng/L",
        "大连市环境监测中心,1763-23-1,water,HJ 1333-2023,-1,,ng/L",
        "大连市环境监测中心,1763-23-1,water,HJ 1333-2023,,inf,ng/L",
    )
    report = import_run(spec=LAB_METHOD_IMPORT, data=data, filename="methods.csv", user=personas.bureau)
    assert [(e.row, e.column) for e in report.errors] == [(2, "lab"), (3, "lod"), (4, "lod"), (5, "loq")]
    assert not LabMethod.objects.exists()

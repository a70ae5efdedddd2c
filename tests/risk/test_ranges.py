"""PNECs, hazard data and endpoints: a value that is infinite after unit conversion is refused (issue #16, defect 1).

Before: a PNEC of ``1e308 mg/L`` was stored with ``value_ng_l = inf``; the PNEC API, the PNEC page and every risk
run then failed. Now the form, the importer and ``Pnec.save`` refuse it, naming the value after conversion.
"""

from __future__ import annotations

import math

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from npgov.core.importers import import_run
from npgov.risk.forms import EcotoxEndpointForm, HazardDatumForm, PnecForm
from npgov.risk.import_specs import ENDPOINT_IMPORT, HAZARD_IMPORT, PNEC_IMPORT
from npgov.risk.models import EcotoxEndpoint, HazardDatum, Pnec
from npgov.substances.models import Substance
from tests.conftest import Personas
from tests.risk.factories import PnecFactory
from tests.substances.factories import SubstanceFactory

pytestmark = pytest.mark.django_db


def _substance(cas: str) -> Substance:
    """A registry substance (the reference data has them; created when a test runs without it)."""
    return Substance.objects.filter(cas=cas).first() or SubstanceFactory(cas=cas)


def _pnec_data(value: str, unit: str = "mg/L", compartment: str = "freshwater") -> dict[str, str]:
    substance = _substance("1763-23-1")
    return {"substance": str(substance.cas), "compartment": compartment, "value": value, "unit": unit,
            "basis": "EQS", "source": "来源", "verified": "on"}  # fmt: skip


def test_the_pnec_form_refuses_a_value_infinite_after_conversion(org: None) -> None:
    form = PnecForm(data=_pnec_data("1e308"))
    assert not form.is_valid()
    (message,) = form.errors["value"]
    assert "1e+308 mg/L" in message and "inf ng/L" in message


def test_the_pnec_form_refuses_a_value_too_large_after_conversion(org: None) -> None:
    form = PnecForm(data=_pnec_data("1e9"))  # finite, but 1e15 ng/L: above the canonical range
    assert not form.is_valid()
    (message,) = form.errors["value"]
    assert "1e+15 ng/L" in message


@pytest.mark.parametrize("value", ["0", "-1", "inf", "nan", "1e400"])
def test_the_pnec_form_refuses_values_that_are_not_positive_and_finite(org: None, value: str) -> None:
    form = PnecForm(data=_pnec_data(value))
    assert not form.is_valid()
    assert len(form.errors["value"]) == 1  # one message, not the same thing said twice


def test_the_pnec_form_accepts_a_normal_value_and_converts_it(org: None) -> None:
    form = PnecForm(data=_pnec_data("0.00065", "µg/L"))
    assert form.is_valid(), form.errors
    assert form.save().value_ng_l == pytest.approx(0.65)


def test_the_pnec_form_names_a_wrong_unit_once(org: None) -> None:
    form = PnecForm(data=_pnec_data("0.5", "µg/kg dw"))  # a sediment unit for fresh water
    assert not form.is_valid()
    assert list(form.errors) == ["unit"]
    assert len(form.errors["unit"]) == 1


def test_save_never_stores_infinity(org: None) -> None:
    pnec = PnecFactory.build(substance=SubstanceFactory(), value=1e308, unit="mg/L")
    with pytest.raises(ValidationError):
        pnec.save()
    assert not Pnec.objects.exists()


def test_save_refuses_a_unit_that_does_not_fit_rather_than_failing(org: None) -> None:
    pnec = PnecFactory.build(substance=SubstanceFactory(), value=1, unit="radian")
    with pytest.raises(ValidationError) as caught:
        pnec.save()
    assert "unit" in caught.value.message_dict


def test_the_database_refuses_an_infinite_canonical_value(org: None) -> None:
    pnec = PnecFactory()
    for bad in (math.inf, 1e300, -1.0):
        with pytest.raises(IntegrityError), transaction.atomic():
            Pnec.objects.filter(pk=pnec.pk).update(value_ng_l=bad)


def _csv(header: str, *rows: str) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def test_the_pnec_import_refuses_1e308_mg_per_litre_and_writes_nothing(personas: Personas) -> None:
    _substance("1763-23-1")
    data = _csv("substance,compartment,value,unit,basis,source", "1763-23-1,freshwater,0.5,µg/L,EQS,来源",
                "1763-23-1,freshwater,1e308,mg/L,EQS,来源")  # fmt: skip
    report = import_run(spec=PNEC_IMPORT, data=data, filename="pnec.csv", user=personas.bureau)
    assert [(e.row, e.column) for e in report.errors] == [(3, "value")]
    assert "ng/L" in report.errors[0].message
    assert not Pnec.objects.exists()


def test_the_hazard_import_refuses_non_finite_and_huge_values(personas: Personas) -> None:
    _substance("80-05-7")
    data = _csv("substance,property,value,kind,reliability,source", "80-05-7,log_kow,3.32,experimental,2,来源",
                "80-05-7,bcf,1e400,experimental,2,来源", "80-05-7,bcf,inf,experimental,2,来源",
                "80-05-7,bcf,1e300,experimental,2,来源")  # fmt: skip
    report = import_run(spec=HAZARD_IMPORT, data=data, filename="hazard.csv", user=personas.bureau)
    assert [(e.row, e.column) for e in report.errors] == [(3, "value"), (4, "value"), (5, "value")]
    assert not HazardDatum.objects.exists()


def test_the_endpoint_import_refuses_values_out_of_range(personas: Personas) -> None:
    _substance("80-05-7")
    header = "substance,compartment,species,trophic_level,duration,endpoint,exposure_days,value_mg_l,kind,source"
    row = "80-05-7,freshwater,Daphnia magna,invertebrates,short-term,EC50,{days},{value},experimental,来源"
    data = _csv(header, row.format(days=2, value="10.2"), row.format(days=2, value="1e308"),
                row.format(days="1e400", value="1"), row.format(days=-2, value="1"))  # fmt: skip
    report = import_run(spec=ENDPOINT_IMPORT, data=data, filename="endpoints.csv", user=personas.bureau)
    assert [(e.row, e.column) for e in report.errors] == [(3, "value_mg_l"), (4, "exposure_days"),
                                                           (5, "exposure_days")]  # fmt: skip
    assert not EcotoxEndpoint.objects.exists()


def test_the_hazard_and_endpoint_forms_refuse_huge_values(org: None) -> None:
    substance = _substance("80-05-7")
    hazard = HazardDatumForm(data={"substance": substance.cas, "property": "bcf", "value": "1e300",
                                   "kind": "experimental", "reliability": "2", "source": "来源"})  # fmt: skip
    assert not hazard.is_valid() and "value" in hazard.errors
    endpoint = EcotoxEndpointForm(data={
        "substance": substance.cas, "compartment": "freshwater", "species": "Daphnia magna",
        "trophic_level": "invertebrates", "duration": "short-term", "endpoint": "EC50", "value_mg_l": "2e6",
        "kind": "experimental", "reliability": "2", "source": "来源",
    })  # fmt: skip
    assert not endpoint.is_valid() and "value_mg_l" in endpoint.errors

"""Departmental indicators: entered by the departments the plans name, validated, feeding the KPIs."""

from __future__ import annotations

import pytest
from django.urls import reverse

from npgov.core.models import Department, District
from npgov.workplan.models import Indicator, IndicatorRecord, Kpi
from tests.conftest import Personas, client_for
from tests.core.factories import UserFactory

pytestmark = pytest.mark.django_db


def post(client, indicator: Indicator, district: District, **figures: object):  # type: ignore[no-untyped-def]
    data = {"district": district.pk, "period_end": "2025-12-31", **{f"f_{k}": v for k, v in figures.items()}}
    return client.post(reverse("workplan:indicator_detail", args=[indicator.pk]), data)


def test_agriculture_reports_packaging_collection_and_the_recovery_kpi_follows(personas: Personas) -> None:
    indicator = Indicator.objects.get(key="pesticide-packaging")
    district = District.objects.get(code="210211")
    response = post(client_for(personas.department), indicator, district, used_t=120, collected_t=102, treated_t=100,
                    villages_total=40, villages_covered=38)  # fmt: skip
    assert response.status_code == 302
    record = IndicatorRecord.objects.get()
    assert record.values["collected_t"] == 102 and record.entered_by == personas.department
    value = Kpi.objects.get(key="pesticide-packaging-recovery-rate").values.get(district=district)
    assert value.value == 85.0 and "计算" in value.note


def test_figures_that_contradict_each_other_are_refused(personas: Personas) -> None:
    indicator = Indicator.objects.get(key="pesticide-packaging")
    response = post(client_for(personas.department), indicator, District.objects.get(code="210211"), used_t=100,
                    collected_t=120, treated_t=10, villages_total=5, villages_covered=6)  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200 and page.count("不能超过") == 2
    assert not IndicatorRecord.objects.exists()


def test_a_department_that_does_not_report_the_indicator_cannot_enter_it(personas: Personas) -> None:
    health = UserFactory(username="wjw", role="department", department=Department.objects.get(code="dl-health"))
    indicator = Indicator.objects.get(key="pesticide-packaging")
    response = post(client_for(health), indicator, District.objects.get(code="210211"), used_t=1, collected_t=1,
                    treated_t=1, villages_total=1, villages_covered=1)  # fmt: skip
    assert response.status_code == 403 and not IndicatorRecord.objects.exists()
    clinical = Indicator.objects.get(key="clinical-antimicrobial-use")
    response = post(client_for(health), clinical, District.objects.get(code="210211"), hospitals_reporting=12,
                    inpatient_use_rate=48.5, use_intensity=38.2, outpatient_prescription_rate=9.1)  # fmt: skip
    assert response.status_code == 302


def test_the_lianyungang_cooperative_feeds_coverage_and_harmless_treatment(db: None, org: None) -> None:
    coop = UserFactory(username="gxs", role="department", department=Department.objects.get(code="lyg-coop"))
    indicator = Indicator.objects.get(key="pesticide-packaging")
    response = post(client_for(coop), indicator, District.objects.get(code="320707"), used_t=50, collected_t=50,
                    treated_t=50, villages_total=20, villages_covered=20)  # fmt: skip
    assert response.status_code == 302
    kpis = {
        v.kpi.key: v.value
        for v in Kpi.objects.get(plan__key="lianyungang-2023", key="pesticide-packaging-recovery-coverage").values.all()
    }
    assert kpis == {"pesticide-packaging-recovery-coverage": 100.0}
    harmless = Kpi.objects.get(key="pesticide-packaging-harmless-treatment-rate").values.get()
    assert harmless.value == 100.0 and harmless.district.code == "320707"


def test_a_second_department_cannot_overwrite_figures(personas: Personas) -> None:
    ocean = UserFactory(username="hy", role="department", department=Department.objects.get(code="dl-ocean"))
    indicator = Indicator.objects.get(key="aquaculture-residue-monitoring")
    data = {"district": District.objects.get(code="210211").pk, "period_end": "2025-12-31"}
    url = reverse("workplan:indicator_detail", args=[indicator.pk])
    assert (
        client_for(personas.department)
        .post(url, {**data, "f_samples_tested": 50, "f_samples_exceeding": 2})
        .status_code
        == 302
    )
    response = client_for(ocean).post(url, {**data, "f_samples_tested": 1, "f_samples_exceeding": 0})
    assert response.status_code == 200
    assert IndicatorRecord.objects.get().values["samples_tested"] == 50


def test_corrected_figures_without_a_base_remove_the_computed_kpi_value(personas: Personas) -> None:
    indicator = Indicator.objects.get(key="pesticide-packaging")
    url = reverse("workplan:indicator_detail", args=[indicator.pk])
    base = {
        "district": District.objects.get(code="210211").pk,
        "period_end": "2025-12-31",
        "f_treated_t": 0,
        "f_villages_total": 0,
        "f_villages_covered": 0,
    }
    client_for(personas.department).post(url, {**base, "f_used_t": 10, "f_collected_t": 9})
    kpi = Kpi.objects.get(key="pesticide-packaging-recovery-rate")
    assert kpi.values.get().value == 90
    client_for(personas.department).post(url, {**base, "f_used_t": 0, "f_collected_t": 0})
    assert not kpi.values.exists()

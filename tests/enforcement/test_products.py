"""Product sampling and import/export checks: limits, verdicts, import, findings, trade rules, access, API."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from npgov.compliance.models import Finding
from npgov.core.choices import Role
from npgov.core.models import Department, District, ImportBatch, User
from npgov.enforcement.demo import create_products_demo
from npgov.enforcement.models import ContentLimit, ProductCategory, ProductResult, ProductSample, TradeCheck
from npgov.enforcement.products import services
from npgov.enforcement.products.selectors import sampling_trends
from npgov.enforcement.trade.forms import TradeCheckForm
from npgov.enterprises.models import Enterprise, Industry
from npgov.substances.models import Substance
from tests.conftest import Personas, client_for
from tests.core.factories import UserFactory
from tests.enforcement.access_products import EXPECTED_PRODUCTS, targets
from tests.enforcement.factories import ProductSampleFactory, TradeCheckFactory
from tests.enterprises.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

DEHP, DBP, BBP, DCM = "117-81-7", "84-74-2", "85-68-7", "75-09-2"
DATA_ROWS = sum(1 for _row in csv.DictReader((services.DATA / "content_limits.csv").open(encoding="utf-8")))


@pytest.fixture
def limits(org: None) -> None:
    services.product_limits_load()


@pytest.fixture
def samr_user(org: None) -> User:
    return UserFactory(username="sam-r", role=Role.DEPARTMENT, department=Department.objects.get(code="dl-samr"))


@pytest.fixture
def customs_user(org: None) -> User:
    return UserFactory(username="cus", role=Role.DEPARTMENT, department=Department.objects.get(code="dl-customs"))


def toy_maker() -> Enterprise:
    """A registered plastic toy manufacturer (塑胶玩具制造) in Ganjingzi."""
    return EnterpriseFactory(industry=Industry.objects.get(code="2452"))


def sample(
    category: str = "toys", producer: Enterprise | None = None, code: str = "S-1", **extra: Any
) -> ProductSample:
    """A sample taken by market regulation in Ganjingzi on 2025-04-01; no producer means one from elsewhere."""
    return ProductSampleFactory(
        code=code, category=ProductCategory.objects.get(code=category), producer=producer, **extra
    )


def add(target: ProductSample, cas: str, value: str, unit: str = "%", measurement: str = "content") -> ProductResult:
    admin = User.objects.filter(is_superuser=True).first() or UserFactory(
        username="root", role=Role.SYSADMIN, is_superuser=True
    )
    return services.product_result_save(sample=target, user=admin, substance=Substance.objects.get(cas=cas),
                                        measurement=measurement, value=value, unit=unit)  # fmt: skip


# --- limits ----------------------------------------------------------------------------------------
def test_it_loads_the_limits_with_their_standards_and_sources(limits: None) -> None:
    assert ContentLimit.objects.count() == DATA_ROWS
    assert not ContentLimit.objects.filter(standard="").exists()
    assert not ContentLimit.objects.filter(source="").exists()
    toys = ContentLimit.objects.get(key="gb6675.1-toys-dehp-dbp-bbp")
    assert (toys.basis, toys.limit_value, toys.unit, toys.limit_mg_kg, toys.verified) == ("sum", 0.1, "%", 1000, True)
    assert sorted(s.cas for s in toys.substances.all()) == sorted([DEHP, DBP, BBP])
    assert "30crmo.com" in toys.source and toys.category.code == "toys"


def test_values_from_memory_are_unverified_and_rows_without_a_number_are_notes(limits: None) -> None:
    assert ContentLimit.objects.get(key="gb31701-infant-formaldehyde").verified is False
    assert not ContentLimit.objects.filter(source__startswith="memory", verified=True).exists()
    note = ContentLimit.objects.get(key="gb6675.4-toys-elements")
    assert note.limit_value is None and "Not applied" in note.note
    assert ContentLimit.objects.get(key="gbt26572-rev-phthalates").active is False
    assert ContentLimit.objects.get(key="kcnp2023-pfos-sccps").category is None


def test_the_limits_are_reference_data_loaded_by_npgov_reference() -> None:
    from npgov.core.registry import registry

    step = next(s for s in registry.data_steps if s.key == "product-limits")
    assert not step.demo_only and step.order > 30  # after the substances and the regulatory lists


def test_loading_twice_changes_nothing(limits: None) -> None:
    again = services.product_limits_load()
    assert (again["limits_created"], again["limits_updated"], again["categories"]) == (0, 0, 0)
    assert (again["substances_added"], again["cas_not_in_registry"]) == (0, 0)


# --- verdicts --------------------------------------------------------------------------------------
def test_it_fails_a_toy_whose_phthalate_sum_exceeds_0_1_percent(limits: None) -> None:
    toy = sample()
    for cas, value in ((DEHP, "0.08"), (DBP, "0.03"), (BBP, "0.01")):
        add(toy, cas, value)
    toy.refresh_from_db()
    assert toy.verdict == "fail"
    for result in toy.results.all():
        assert (result.verdict, result.compared_value, result.limit_value, result.limit_unit) == (
            "fail",
            0.12,
            0.1,
            "%",
        )
        assert result.limit_standard == "GB 6675.1-2014" and result.limit_basis == "sum" and result.limit_verified


def test_a_sum_equal_to_the_limit_passes(limits: None) -> None:
    toy = sample()
    add(toy, DEHP, "0.07")
    result = add(toy, DBP, "0.03")
    assert (result.verdict, result.compared_value) == ("pass", 0.1)


def test_it_converts_mg_per_kg_and_percent_before_summing(limits: None) -> None:
    toy = sample()
    add(toy, DEHP, "600", unit="mg/kg")
    result = add(toy, DBP, "0.05", unit="%")
    assert (result.verdict, result.compared_value, result.limit_unit) == ("fail", 0.11, "%")
    pencil_case = sample("student-supplies", code="S-2")
    result = add(pencil_case, DEHP, "0.08", unit="%")  # 800 mg/kg against 1000 mg/kg
    assert (result.verdict, result.compared_value, result.limit_unit) == ("pass", 800, "mg/kg")


def test_a_sub_category_is_judged_by_its_parents_limits_too(limits: None) -> None:
    rattle = sample("toys-mouthable")
    assert add(rattle, DEHP, "0.2").limit_standard == "GB 6675.1-2014"
    assert add(rattle, "28553-12-0", "0.05").verdict == "pass"
    assert ProductSample.objects.get(pk=rattle.pk).verdict == "fail"


def test_it_says_no_limit_when_none_applies(limits: None) -> None:
    desk = sample("furniture")
    assert add(desk, "50-00-0", "40", unit="mg/kg").verdict == "no_limit"
    box = sample("food-contact-plastics", code="S-2")  # a migration limit does not judge a content result
    result = add(box, "80-05-7", "5", unit="mg/kg", measurement="content")
    assert (result.verdict, result.limit_id) == ("no_limit", None)
    assert ProductSample.objects.get(pk=box.pk).verdict == "no_limit"


def test_a_non_detect_passes_and_adds_nothing_to_a_sum(limits: None) -> None:
    toy = sample()
    add(toy, DEHP, "0.09")
    result = add(toy, DBP, "ND")
    assert (result.detected, result.value_mg_kg, result.verdict, result.compared_value) == (False, 0, "pass", 0.09)


def test_the_sample_page_shows_each_limit_applied_and_its_standard(limits: None, personas: Personas) -> None:
    toy = sample()
    add(toy, DEHP, "0.08")
    add(toy, DBP, "0.03")
    with translation.override("en"):
        response = client_for(personas.bureau).get(toy.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert response.status_code == 200
    assert "GB 6675.1-2014" in body and "≤ 0.1 %" in body and "0.11 %" in body
    assert "Limit applied" in body and "Fail" in body


def test_an_unverified_limit_is_marked_on_the_sample_page(limits: None, personas: Personas) -> None:
    bodysuit = sample("infant-textiles")
    add(bodysuit, "50-00-0", "28", unit="mg/kg")
    with translation.override("en"):
        body = client_for(personas.bureau).get(bodysuit.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "GB 31701-2015" in body and "unverified" in body


def test_the_limits_page_lists_each_limit_with_its_standard(limits: None, personas: Personas) -> None:
    with translation.override("en"):
        response = client_for(personas.expert).get(reverse("enforcement:limit_list") + "?per_page=100")
    body = response.content.decode()
    assert response.status_code == 200 and response.context["table"].paginator.count == DATA_ROWS
    assert "GB 6675.1-2014" in body and "GB/T 26572-2011" in body and "0.1 %" in body and "1000 mg/kg" in body
    toys = client_for(personas.bureau).get(
        reverse("enforcement:limit_list") + f"?category={ProductCategory.objects.get(code='toys-mouthable').pk}"
    )
    standards = {limit.key for limit in toys.context["table"].data}
    assert {"gb6675.1-toys-dehp-dbp-bbp", "gb6675.1-mouthable-dinp-didp-dnop"} <= standards


def test_the_lists_export_to_csv_and_excel(limits: None, personas: Personas) -> None:
    add(sample(), DEHP, "0.2")
    client = client_for(personas.bureau)
    with translation.override("en"):
        rows = client.get(reverse("enforcement:product_result_list") + "?export=csv", HTTP_ACCEPT_LANGUAGE="en")
        text = b"".join(rows.streaming_content).decode()
    assert "S-1" in text and "Fail" in text and "GB 6675.1-2014" in text and "0.2 %" in text
    for name in ("enforcement:product_sample_list", "enforcement:trade_check_list", "enforcement:limit_list"):
        response = client.get(reverse(name) + "?export=xlsx")
        assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_sampling_department_adds_a_result_on_the_page(limits: None, samr_user: User) -> None:
    toy = sample()
    url = reverse("enforcement:product_result_add", args=[toy.pk])
    client = client_for(samr_user)
    data = {"substance": "DEHP", "measurement": "content", "value": "-0.2", "unit": "%"}
    with translation.override("en"):
        response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "cannot be negative" in response.context["form"].errors["value"][0]
    assert client.post(url, {**data, "value": "0.2"}).status_code == 302
    assert ProductSample.objects.get(pk=toy.pk).verdict == "fail"


# --- import ----------------------------------------------------------------------------------------
def upload(client: Any, text: str, name: str = "results.csv") -> Any:
    data = io.BytesIO(text.encode("utf-8"))
    data.name = name
    with translation.override("en"):
        return client.post(reverse("enforcement:product_result_import"), {"file": data}, HTTP_ACCEPT_LANGUAGE="en")


def test_it_imports_a_good_file_and_judges_the_samples(limits: None, samr_user: User) -> None:
    sample(code="S-1")
    sample("electronics", code="S-2")
    text = ("样品编号,CAS号,检测结果,单位,检测机构\nS-1,117-81-7,0.08,%,某检测院\nS-1,DBP,0.03,%,某检测院\n"
            "S-2,7440-43-9,150,ppm,某检测院\n")  # fmt: skip
    response = upload(client_for(samr_user), text)
    assert response.status_code == 302
    assert ProductResult.objects.count() == 3 and ImportBatch.objects.filter(target="enforcement.productresult").count()
    assert ProductSample.objects.get(code="S-1").verdict == "fail"
    cadmium = ProductResult.objects.get(sample__code="S-2")
    assert (cadmium.unit, cadmium.value_mg_kg, cadmium.verdict, cadmium.compared_value) == ("mg/kg", 150, "fail", 0.015)


def test_a_bad_file_is_rejected_whole_with_rows_and_columns(limits: None, samr_user: User) -> None:
    sample(code="S-1")
    text = ("样品编号,CAS号,检测结果,单位\nS-1,117-81-7,0.08,%\nS-1,117-81-8,0.01,%\nS-1,84-74-2,-0.5,%\n"
            "S-1,85-68-7,0.01,ppt\nS-404,117-81-7,0.01,%\n")  # fmt: skip
    results, batches = ProductResult.objects.count(), ImportBatch.objects.count()
    response = upload(client_for(samr_user), text)
    assert response.status_code == 400
    errors = {(e.row, e.column) for e in response.context["result"].errors}
    assert errors == {(3, "CAS号"), (4, "检测结果"), (5, "单位"), (6, "样品编号")}
    messages = " ".join(e.message for e in response.context["result"].errors)
    assert "check digit" in messages and "negative" in messages and "Unknown unit" in messages
    assert (ProductResult.objects.count(), ImportBatch.objects.count()) == (results, batches)


def test_the_same_file_is_not_imported_twice(limits: None, samr_user: User) -> None:
    sample(code="S-1")
    text = "样品编号,CAS号,检测结果,单位\nS-1,117-81-7,0.01,%\n"
    assert upload(client_for(samr_user), text).status_code == 302
    response = upload(client_for(samr_user), text)
    assert response.status_code == 400 and "already imported" in response.context["result"].errors[0].message


def test_a_department_cannot_import_results_of_another_departments_sample(limits: None, personas: Personas) -> None:
    sample(code="S-1")
    response = upload(client_for(personas.department), "样品编号,CAS号,检测结果,单位\nS-1,117-81-7,0.01,%\n")
    assert response.status_code == 400 and "may not add results" in response.context["result"].errors[0].message
    assert not ProductResult.objects.exists()


def test_the_import_template_downloads(limits: None, samr_user: User) -> None:
    with translation.override("en"):
        response = client_for(samr_user).get(
            reverse("enforcement:product_result_import") + "?template=csv", HTTP_ACCEPT_LANGUAGE="en"
        )
    assert response.status_code == 200 and "sample code" in b"".join(response.streaming_content).decode()


# --- findings --------------------------------------------------------------------------------------
def test_a_failure_of_a_registered_producer_opens_one_finding(limits: None) -> None:
    maker = toy_maker()
    fluid = sample("student-correction", producer=maker)
    result = add(fluid, DCM, "35", unit="mg/kg")
    assert result.verdict == "fail"
    finding = Finding.objects.get(key=f"product:{result.pk}")
    assert finding.enterprise == maker and finding.measure.kind == "product_content_limit"
    assert "GB 21027-2020" in finding.explanation and finding.department.code == "dl-samr"
    services.sample_evaluate(sample=fluid)
    add(fluid, "71-43-2", "1", unit="mg/kg")
    add(fluid, "67-66-3", "3", unit="mg/kg")  # also in the sum (and with a measure): the same breach
    assert Finding.objects.filter(key__startswith="product:").count() == 1
    add(fluid, DCM, "5", unit="mg/kg")  # the lab corrects its result
    finding.refresh_from_db()
    assert finding.status == "resolved"


def test_findings_stand_on_the_standard_but_not_on_unverified_limits_or_unregistered_producers(limits: None) -> None:
    maker = toy_maker()
    add(sample(producer=maker), DEHP, "0.2")  # DEHP: no list measure, the standard's limit alone
    add(sample("infant-textiles", producer=maker, code="S-2"), "50-00-0", "28", unit="mg/kg")  # unverified limit
    add(sample("student-correction", code="S-3"), DCM, "35", unit="mg/kg")  # producer not registered
    assert ProductSample.objects.filter(verdict="fail").count() == 3
    finding = Finding.objects.get(key__startswith="product:")
    assert finding.substance.cas == DEHP and finding.measure is None and "GB 6675" in finding.explanation


# --- trends ----------------------------------------------------------------------------------------
def test_trends_give_the_share_failing_per_category_and_period(limits: None) -> None:
    add(sample(code="A"), DEHP, "0.2")
    add(sample(code="B"), DEHP, "0.01")
    add(sample("toys-mouthable", code="C", sampled_on=date(2024, 2, 1)), DEHP, "0.01")
    sample("electronics", code="D")  # no results: left out
    add(sample("furniture", code="E"), "50-00-0", "40", unit="mg/kg")  # no applicable limit: left out
    data = sampling_trends(samples=ProductSample.objects.all(), by="year", total_label="all")
    assert data["periods"] == ["2024", "2025"]
    assert [(str(r["category"]), r["period"], r["n"], r["failing"], r["share"]) for r in data["rows"]] == [
        ("玩具", "2024", 1, 0, 0.0), ("玩具", "2025", 2, 1, 50.0)]  # fmt: skip
    quarters = sampling_trends(samples=ProductSample.objects.all(), by="quarter")
    assert quarters["periods"] == ["2024Q1", "2025Q2"]


def test_the_trend_page_draws_the_chart(limits: None, personas: Personas) -> None:
    add(sample(), DEHP, "0.2")
    response = client_for(personas.department).get(reverse("enforcement:product_trends") + "?by=quarter")
    assert response.status_code == 200 and b"echarts.min.js" in response.content and b"2025Q2" in response.content


# --- import/export checks --------------------------------------------------------------------------
def trade_form(user: User, **changes: Any) -> TradeCheckForm:
    data = {"checked_on": "2025-06-03", "direction": "export", "department": user.department_id,
            "enterprise_name": "大连某化工有限公司", "hs_code": "2903.12.00", "substance": DCM, "quantity": "1000",
            "quantity_unit": "kg", "result": "compliant", **changes}  # fmt: skip
    return TradeCheckForm(data=data, user=user)


def test_it_stores_the_hs_code_without_dots_and_rejects_a_bad_one(customs_user: User) -> None:
    form = trade_form(customs_user)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["hs_code"] == "29031200"
    with translation.override("en"):
        for bad in ("2903", "29031200001", "2903.1A"):
            form = trade_form(customs_user, hs_code=bad)
            assert not form.is_valid() and "6 to 10 digits" in form.errors["hs_code"][0]


def test_a_strictly_restricted_chemical_needs_a_release_notice(customs_user: User) -> None:
    with translation.override("en"):
        form = trade_form(customs_user, substance="1763-23-1", hs_code="29043100")
        assert not form.is_valid() and "release notice" in form.errors["release_notice_number"][0]
        assert trade_form(customs_user, substance="1763-23-1", release_notice_number="HXC-2025-1").is_valid()
        missing = {"result": "violation", "violation_kind": "missing_release_notice", "description": "未提供放行通知单"}
        assert trade_form(customs_user, substance="1763-23-1", **missing).is_valid()
        form = trade_form(customs_user, **missing)  # dichloromethane is not on CN-SRTC
        assert not form.is_valid() and "not on the strictly restricted list" in form.errors["release_notice_number"][0]


def test_a_violation_needs_its_kind_and_description(customs_user: User) -> None:
    with translation.override("en"):
        form = trade_form(customs_user, result="violation")
        assert not form.is_valid()
        assert form.errors["violation_kind"] == ["Say what the violation is."]
        assert form.errors["description"] == ["Describe the violation."]


def test_a_violation_of_a_registered_enterprise_opens_a_finding_and_is_filtered(
    org: None, customs_user: User, personas: Personas
) -> None:
    exporter = toy_maker()
    client = client_for(customs_user)
    data = {"checked_on": "2025-06-03", "direction": "export", "department": customs_user.department_id,
            "enterprise": exporter.pk, "hs_code": "29043100", "substance": "1763-23-1", "quantity": "500",
            "quantity_unit": "kg", "result": "violation", "violation_kind": "missing_release_notice",
            "description": "未提供放行通知单"}  # fmt: skip
    response = client.post(reverse("enforcement:trade_check_add"), data)
    assert response.status_code == 302, response.context["form"].errors
    check = TradeCheck.objects.get()
    assert check.on_strictly_restricted_list and check.enterprise_name == exporter.name
    finding = Finding.objects.get(key=f"trade:{check.pk}")
    assert finding.measure.kind == "release_notice" and finding.activity == "export"
    TradeCheckFactory(direction="import", result="compliant", enterprise=None)
    listing = client_for(personas.bureau).get(reverse("enforcement:trade_check_list") + "?result=violation")
    assert listing.context["table"].paginator.count == 1
    edit = client.get(reverse("enforcement:trade_check_edit", args=[check.pk]))
    assert edit.status_code == 200 and 'value="1763-23-1"' in edit.content.decode()


# --- access ----------------------------------------------------------------------------------------
def test_another_department_can_read_but_not_edit_a_sample(limits: None, personas: Personas, samr_user: User) -> None:
    toy = sample()
    other = client_for(personas.department)
    assert other.get(toy.get_absolute_url()).status_code == 200
    edit = reverse("enforcement:product_sample_edit", args=[toy.pk])
    assert other.get(edit).status_code == 404
    assert other.post(edit, {"product_name": "改"}).status_code == 404
    assert client_for(samr_user).get(edit).status_code == 200


def test_a_department_records_samples_for_itself_only(limits: None, personas: Personas) -> None:
    data = {"code": "S-9", "category": ProductCategory.objects.get(code="toys").pk, "product_name": "玩具",
            "producer_name": "某厂", "district": District.objects.get(code="210211").pk, "sampled_on": "2025-05-01",
            "department": Department.objects.get(code="dl-samr").pk}  # fmt: skip
    response = client_for(personas.department).post(reverse("enforcement:product_sample_add"), data)
    assert response.status_code == 200 and "department" in response.context["form"].errors
    assert not ProductSample.objects.exists()
    response = client_for(personas.department).post(
        reverse("enforcement:product_sample_add"), {**data, "department": personas.department.department_id}
    )
    assert response.status_code == 302 and ProductSample.objects.get().department == personas.department.department


def test_an_enterprise_sees_only_its_own_samples_and_checks(limits: None, personas: Personas) -> None:
    mine, theirs = toy_maker(), toy_maker()
    mine.users.add(personas.enterprise)
    own, other = sample(producer=mine, code="MINE"), sample(producer=theirs, code="THEIRS")
    add(own, DEHP, "0.01")
    add(other, DEHP, "0.01")
    client = client_for(personas.enterprise)
    listing = client.get(reverse("enforcement:product_sample_list"))
    assert [s.code for s in listing.context["table"].data] == ["MINE"]
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(reverse("enforcement:product_sample_edit", args=[own.pk])).status_code == 404
    api = client.get(reverse("api:enforcement-productresult-list")).json()
    assert [r["sample_code"] for r in api["results"]] == ["MINE"]


def test_a_district_sees_the_samples_taken_in_it(limits: None, personas: Personas) -> None:
    sample(code="HERE")
    sample(code="THERE", district=District.objects.get(code="210283"))
    listing = client_for(personas.district).get(reverse("enforcement:product_sample_list"))
    assert [s.code for s in listing.context["table"].data] == ["HERE"]


# --- API -------------------------------------------------------------------------------------------
def test_the_api_gives_verdicts_with_the_limit_applied_and_is_read_only(limits: None, personas: Personas) -> None:
    toy = sample()
    add(toy, DEHP, "0.2")
    client = client_for(personas.department)
    rows = client.get(reverse("api:enforcement-productresult-list") + f"?sample={toy.code}").json()["results"]
    assert [(r["cas"], r["verdict"], r["limit_standard"], r["compared_value"]) for r in rows] == [
        (DEHP, "fail", "GB 6675.1-2014", 0.2)]  # fmt: skip
    limit = client.get(reverse("api:enforcement-contentlimit-list") + "?q=GB 6675.1").json()["results"][0]
    assert limit["source"] and set(limit["cas"]) == {DEHP, DBP, BBP}
    admin = client_for(personas.sysadmin)
    assert admin.post(reverse("api:enforcement-tradecheck-list"), {}).status_code == 405
    assert admin.post(reverse("api:enforcement-productsample-list"), {}).status_code == 405


# --- demo ------------------------------------------------------------------------------------------
def test_the_demo_creates_samples_failures_and_checks_and_is_idempotent(org: None) -> None:
    UserFactory(username="admin", role=Role.SYSADMIN, is_superuser=True)
    create_products_demo()
    samples = ProductSample.objects.filter(code__startswith="DEMO-CP-")
    assert samples.count() == 42 and samples.filter(verdict="fail").count() == 5
    assert samples.get(verdict="fail", category__code="student-correction").producer is not None
    # a finding per failing sample with a registered producer and a verified limit: the chlorinated-solvent
    # sum is one breach, dichloromethane leads it
    product_findings = Finding.objects.filter(key__startswith="product:")
    assert DCM in [f.substance.cas for f in product_findings] and product_findings.count() == len(
        {f.key for f in product_findings}
    )
    checks = TradeCheck.objects.filter(declaration_number__startswith="DEMO-BG-")
    assert checks.count() == 20
    violation = checks.get(result="violation")
    assert violation.on_strictly_restricted_list and not violation.release_notice_number
    create_products_demo()
    assert (samples.count(), checks.count(), ProductResult.objects.count()) == (42, 20, ProductResult.objects.count())


# --- the route declarations ------------------------------------------------------------------------
PRODUCT_ROUTE_PREFIXES = (
    "enforcement:product_", "enforcement:category_", "enforcement:limit_", "enforcement:trade_",
    "api:enforcement-product", "api:enforcement-contentlimit", "api:enforcement-tradecheck",
)  # fmt: skip


def test_every_product_route_is_declared() -> None:
    from tests.core.test_access_matrix import all_routes

    mine = {name for name in all_routes() if name.startswith(PRODUCT_ROUTE_PREFIXES)}
    assert mine == set(EXPECTED_PRODUCTS)


@pytest.mark.parametrize("name", sorted(EXPECTED_PRODUCTS))
def test_route_outcome_for_every_role(name: str, personas: Personas) -> None:
    from tests.access_expectations import ROLES
    from tests.core.test_access_matrix import _check

    spec = EXPECTED_PRODUCTS[name]
    found = targets(personas)
    url = reverse(name, args=[found[spec["target"]]()] if spec.get("target") else [])
    for role in ROLES:
        _check(client_for(personas.get(role)).get(url), spec[role], name, role)

"""Who may reach the product sampling and import/export routes (merged into tests/access_expectations.py).

Product samples and trade checks are not confidential among officials: departments read all and write
their own department's (the targets belong to 市场监管局 and 大连海关, not to the department persona's
农业农村局); the district persona's district (甘井子区) is where the target sample was taken and where the
target trade check's enterprise is; the enterprise persona is not the producer. Categories and limits
are reference data every signed-in user reads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.access_expectations import NOT_ALLOWED, NOT_FOUND, OK, api, page, split

NO_EXPERTS = {**page(), "expert": NOT_ALLOWED}
NO_EXPERTS_API = {**api(), "expert": NOT_ALLOWED}


def _scoped_detail(target: str) -> dict[str, Any]:
    return {**page(others=NOT_FOUND, target=target), "department": OK, "district": OK}


def _scoped_api_detail(target: str) -> dict[str, Any]:
    return {**api(others=NOT_FOUND, target=target), "department": OK, "district": OK, "expert": NOT_ALLOWED}


EXPECTED_PRODUCTS: dict[str, dict[str, Any]] = {
    # categories and content limits: reference data
    "enforcement:category_list": page(),
    "enforcement:limit_list": page(),
    "enforcement:limit_detail": page(target="content_limit"),
    # product sampling: the sampling department writes its own; a district reads its own; a producer its own
    "enforcement:product_sample_list": NO_EXPERTS,
    "enforcement:product_sample_add": split(department=OK, rest=NOT_ALLOWED),
    "enforcement:product_sample_detail": _scoped_detail("product_sample"),
    "enforcement:product_sample_edit": page(others=NOT_FOUND, target="product_sample"),
    "enforcement:product_result_add": page(others=NOT_FOUND, target="product_sample"),
    "enforcement:product_result_list": NO_EXPERTS,
    "enforcement:product_result_import": split(department=OK, rest=NOT_ALLOWED),
    "enforcement:product_trends": {**page(), "enterprise": NOT_ALLOWED, "expert": NOT_ALLOWED},
    # import/export checks: customs and commerce write their own
    "enforcement:trade_check_list": NO_EXPERTS,
    "enforcement:trade_check_add": split(department=OK, rest=NOT_ALLOWED),
    "enforcement:trade_check_detail": _scoped_detail("trade_check"),
    "enforcement:trade_check_edit": page(others=NOT_FOUND, target="trade_check"),
    # API: read-only
    "api:enforcement-productcategory-list": api(),
    "api:enforcement-productcategory-detail": api(target="product_category"),
    "api:enforcement-contentlimit-list": api(),
    "api:enforcement-contentlimit-detail": api(target="content_limit"),
    "api:enforcement-productsample-list": NO_EXPERTS_API,
    "api:enforcement-productsample-detail": _scoped_api_detail("product_sample"),
    "api:enforcement-productresult-list": NO_EXPERTS_API,
    "api:enforcement-productresult-detail": _scoped_api_detail("product_result"),
    "api:enforcement-tradecheck-list": NO_EXPERTS_API,
    "api:enforcement-tradecheck-detail": _scoped_api_detail("trade_check"),
}


def targets(personas: Any) -> dict[str, Callable[[], Any]]:
    """The objects the detail routes above point at (loads the content limits; reference data)."""
    from npgov.enforcement.models import ContentLimit, ProductCategory
    from npgov.enforcement.products.services import product_limits_load, product_result_save
    from npgov.enterprises.models import Industry
    from npgov.substances.models import Substance
    from tests.enforcement.factories import ProductSampleFactory, TradeCheckFactory
    from tests.enterprises.factories import EnterpriseFactory

    product_limits_load()
    producer = EnterpriseFactory(name="示例玩具有限公司", industry=Industry.objects.get(code="2452"))
    sample = ProductSampleFactory(category=ProductCategory.objects.get(code="toys"), producer=producer)
    result = product_result_save(
        sample=sample, user=personas.sysadmin, substance=Substance.objects.get(cas="117-81-7"),
        measurement="content", value="0.05", unit="%",
    )  # fmt: skip
    check = TradeCheckFactory(substance=Substance.objects.get(cas="75-09-2"), enterprise=producer)
    return {
        "product_category": lambda: ProductCategory.objects.get(code="toys").pk,
        "content_limit": lambda: ContentLimit.objects.get(key="gb6675.1-toys-dehp-dbp-bbp").pk,
        "product_sample": lambda: sample.pk,
        "product_result": lambda: result.pk,
        "trade_check": lambda: check.pk,
    }

"""The reads and writes compliance offers the apps above it (enforcement): findings by key, enterprise, status."""

from __future__ import annotations

from datetime import date

import pytest

from npgov.compliance import selectors, services
from npgov.compliance.choices import ACTIVE_STATUSES, FindingStatus, Severity
from tests.compliance.factories import FindingFactory
from tests.conftest import Personas
from tests.enterprises.factories import EnterpriseFactory
from tests.substances.factories import SubstanceFactory

pytestmark = pytest.mark.django_db


def test_findings_are_selected_by_key_enterprise_and_status(org: None) -> None:
    active = FindingFactory(key="product:1")
    closed = FindingFactory(key="product:2", status=FindingStatus.CLOSED)
    trade = FindingFactory(key="trade:1", enterprise=active.enterprise)

    assert set(selectors.finding_list(keys=["product:1", "product:2"])) == {active, closed}
    assert list(selectors.finding_list(key="trade:1")) == [trade]
    assert set(selectors.finding_list(key_prefix="product:")) == {active, closed}
    assert set(selectors.finding_list(enterprise=active.enterprise, statuses=ACTIVE_STATUSES)) == {active, trade}
    assert selectors.finding_get(key="product:2") == closed
    assert selectors.finding_get(key="product:3") is None
    assert set(selectors.finding_enterprise_ids(statuses=ACTIVE_STATUSES)) == {active.enterprise_id}


def test_a_user_sees_only_the_findings_in_scope(personas: Personas) -> None:
    own = FindingFactory()
    own.enterprise.users.add(personas.enterprise)
    FindingFactory()  # another enterprise's

    assert list(selectors.finding_list(user=personas.enterprise)) == [own]


def test_a_finding_opens_due_by_its_severity_and_resolves_with_a_note(org: None) -> None:
    finding = services.finding_open(
        key="trade:9", enterprise=EnterpriseFactory(), substance=SubstanceFactory(), measure=None, year=2025,
        activity="import", rule="missing_release_notice", explanation="未办理放行通知单", legal_basis="x" * 600,
        department=None, today=date(2025, 3, 1), reason="missing_release_notice",
    )  # fmt: skip
    assert (finding.status, finding.severity) == (FindingStatus.OPEN, Severity.HIGH)
    assert finding.due_date == date(2025, 3, 31)  # 30 days for a high severity
    assert len(finding.legal_basis) == 500
    assert finding.history.latest().history_change_reason == "missing_release_notice"

    services.finding_resolve(finding=finding, note="已更正")
    finding.refresh_from_db()
    assert (finding.status, finding.note) == (FindingStatus.RESOLVED, "已更正")
    assert finding.history.latest().history_change_reason == "resolved"

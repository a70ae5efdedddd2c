"""The incremental compliance check: it re-checks exactly the enterprises whose inputs changed, and after any
sequence of report edits, withdrawals, list changes and workflow steps its findings equal a full check's —
and on fresh data the findings of the check as it was before (tests/compliance/reference.py)."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from functools import partial
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from npgov.compliance import checking, services
from npgov.compliance.models import EnterpriseCheck, Finding
from npgov.core.models import Job
from npgov.regulations.models import ControlMeasure
from npgov.substances.models import Substance
from npgov.surveys.models import Campaign, Submission, SubmissionLine
from tests.compliance.factories import FindingFactory
from tests.compliance.reference import reference_run
from tests.conftest import Personas, client_for
from tests.enterprises.factories import EnterpriseFactory
from tests.surveys.factories import CampaignFactory, SubmissionFactory, SubmissionLineFactory

pytestmark = pytest.mark.django_db

TODAY = date(2025, 3, 1)
EXEMPTIONS = ("", "无", "用于生产灭火泡沫药剂", "半导体制造中的光刻或蚀刻工艺")
ACTIVITIES = ("production", "processing_use", "import", "export")
# PFOS (ban with expired exemptions), PFOA (ban, an open exemption), dichloromethane (controls), a plain solvent
CAS = ("1763-23-1", "335-67-1", "75-09-2", "67-64-1")


class Sandbox(Exception):
    """Raised to roll a savepoint back after looking."""


def snapshot() -> dict[str, tuple[Any, ...]]:
    fields = ("status", "rule", "severity", "explanation", "department_id", "line_id", "measure_id", "due_date",
              "opened_on", "legal_basis")  # fmt: skip
    return {f["key"]: tuple(f[n] for n in fields) for f in Finding.objects.values("key", *fields)}


def full_check_changes_nothing() -> checking.RunCounts:
    """Run a full check in a savepoint that is rolled back: what would it change?"""
    try:
        with transaction.atomic():
            before = snapshot()
            counts = services.compliance_run(today=TODAY, full=True)
            assert snapshot() == before
            raise Sandbox
    except Sandbox:
        pass
    return counts


@pytest.fixture
def substances(org: None) -> list[Substance]:
    found = {s.cas: s for s in Substance.objects.filter(cas__in=CAS)}
    assert set(found) == set(CAS), "the reference data name these substances"
    return [found[cas] for cas in CAS]


def build(rng: random.Random, substances: list[Substance], enterprises: int = 6) -> list[Submission]:
    campaigns = [Campaign.objects.filter(city__code="210200", year=year).first() or CampaignFactory(year=year)
                 for year in (2023, 2024)]  # fmt: skip
    submissions = []
    for _i in range(enterprises):
        company = EnterpriseFactory()
        for campaign in rng.sample(campaigns, rng.randint(1, 2)):
            submission = SubmissionFactory(campaign=campaign, enterprise=company, status="accepted")
            submissions.append(submission)
            for substance in rng.sample(substances, rng.randint(1, 3)):
                add_line(rng, submission, substance)
    return submissions


def add_line(rng: random.Random, submission: Submission, substance: Substance) -> None:
    activity, release, exempted = rng.choice(ACTIVITIES), Decimal(rng.choice((0, 0, 2.5))), rng.choice(EXEMPTIONS)
    attempt(lambda: SubmissionLineFactory(
        submission=submission, substance=substance, activity=activity, release_water_kg=release,
        details={"exempted_use": exempted},
    ))  # fmt: skip


def attempt(change: Callable[[], object]) -> None:
    """A change that may collide with a line already there (one line per substance and activity): then none."""
    try:
        with transaction.atomic():
            change()
    except IntegrityError:
        pass


def test_a_second_run_skips_every_enterprise_and_counts_their_findings_unchanged(
    substances: list[Substance],
) -> None:
    build(random.Random(1), substances)
    first = services.compliance_run(today=TODAY)
    assert first.opened > 0 and first.checked == 6 and first.skipped == 0
    again = services.compliance_run(today=TODAY)
    assert (again.opened, again.resolved, again.checked, again.skipped) == (0, 0, 0, 6)
    assert again.unchanged == first.opened + first.unchanged
    assert EnterpriseCheck.objects.count() == 6


def test_only_the_enterprise_whose_report_changed_is_checked(substances: list[Substance]) -> None:
    submissions = build(random.Random(2), substances)
    services.compliance_run(today=TODAY)
    pfos = substances[0]
    changed = submissions[0]
    # a correction written past the services (no timestamp moves): the digest still sees it
    SubmissionLine.objects.filter(submission=changed).update(substance=pfos, activity="production",
                                                            details={"exempted_use": ""})  # fmt: skip
    counts = services.compliance_run(today=TODAY)
    assert counts.checked == 1 and counts.skipped == 5
    assert Finding.objects.filter(enterprise=changed.enterprise, substance=pfos, activity="production",
                                  status="open").exists()  # fmt: skip
    full_check_changes_nothing()


def test_a_withdrawn_report_resolves_its_findings(substances: list[Substance]) -> None:
    submissions = build(random.Random(3), substances)
    services.compliance_run(today=TODAY)
    company = next(s.enterprise for s in submissions if Finding.objects.filter(enterprise=s.enterprise).exists())
    Submission.objects.filter(enterprise=company).update(status="returned")
    counts = services.compliance_run(today=TODAY)
    assert counts.checked == 1 and counts.resolved >= 1
    assert not Finding.objects.filter(enterprise=company).exclude(status="resolved").exists()
    assert "no longer finds" in Finding.objects.filter(enterprise=company).first().note
    assert Finding.objects.filter(enterprise=company).first().history.first().history_change_reason == (
        "compliance run"
    )
    full_check_changes_nothing()


def test_a_changed_measure_rechecks_the_enterprises_reporting_its_substances_only(
    substances: list[Substance],
) -> None:
    pfos, _pfoa, _dcm, acetone = substances
    campaign = CampaignFactory(year=2024)
    rng = random.Random(4)
    with_pfos = [SubmissionFactory(campaign=campaign, status="accepted") for _i in range(2)]
    without = [SubmissionFactory(campaign=campaign, status="accepted") for _i in range(3)]
    for submission in with_pfos:
        add_line(rng, submission, pfos)
    for submission in without:
        add_line(rng, submission, acetone)
    services.compliance_run(today=TODAY)
    measure = ControlMeasure.objects.filter(entry__members__substance=pfos, entry__regulatory_list__is_current=True,
                                            kind__startswith="ban").first()  # fmt: skip
    measure.effective = date(2025, 6, 1)  # the ban is postponed past the reported years
    measure.save()
    counts = services.compliance_run(today=TODAY)
    assert counts.checked == 2 and counts.skipped == 3
    full_check_changes_nothing()
    unchanged = services.compliance_run(today=TODAY)  # the lists stand still: nothing is classified again
    assert unchanged.checked == 0


def test_on_fresh_data_the_check_opens_what_the_former_check_opened(substances: list[Substance]) -> None:
    build(random.Random(5), substances, enterprises=8)
    try:
        with transaction.atomic():
            before = reference_run(TODAY)
            expected = snapshot()
            raise Sandbox
    except Sandbox:
        pass
    counts = services.compliance_run(today=TODAY)
    assert snapshot() == expected and expected
    assert (counts.opened, counts.unchanged, counts.resolved) == (before["opened"], before["unchanged"], 0)


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_after_any_sequence_of_changes_the_incremental_check_equals_the_former_full_one(
    substances: list[Substance], seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(checking, "BATCH", 2)  # several batches, each its own transaction
    rng = random.Random(seed)
    submissions = build(rng, substances, enterprises=5)
    services.compliance_run(today=TODAY)
    for step in range(8):
        action = rng.choice(("edit", "add", "delete", "withdraw", "accept", "measure", "close", "new"))
        lines = list(SubmissionLine.objects.filter(submission__in=submissions))
        if action == "edit" and lines:
            line, activity, exempted, substance = (rng.choice(lines), rng.choice(ACTIVITIES), rng.choice(EXEMPTIONS),
                                                   rng.choice(substances))  # fmt: skip
            attempt(partial(SubmissionLine.objects.filter(pk=line.pk).update, activity=activity,
                            details={"exempted_use": exempted}, substance=substance))  # fmt: skip
        elif action == "add":
            add_line(rng, rng.choice(submissions), rng.choice(substances))
        elif action == "delete" and lines:
            SubmissionLine.objects.filter(pk=rng.choice(lines).pk).delete()
        elif action == "withdraw":
            Submission.objects.filter(pk=rng.choice(submissions).pk).update(status="returned")
        elif action == "accept":
            Submission.objects.filter(pk=rng.choice(submissions).pk).update(status="accepted")
        elif action == "measure":
            measure = ControlMeasure.objects.filter(entry__regulatory_list__is_current=True).order_by("?").first()
            measure.effective = (measure.effective or date(2020, 1, 1)) + timedelta(days=rng.choice((-800, 400)))
            measure.save()
        elif action == "close":
            Finding.objects.filter(pk__in=Finding.objects.filter(status="open").values("pk")[:1]).update(
                status="closed"
            )
        else:
            submissions += build(rng, substances, enterprises=1)
        # the former check (one pass over everything) on the same data, looked at and rolled back
        try:
            with transaction.atomic():
                former = reference_run(TODAY)
                expected = snapshot()
                raise Sandbox
        except Sandbox:
            pass
        counts = services.compliance_run(today=TODAY)
        assert snapshot() == expected, f"step {step}: {action}"
        assert (counts.opened, counts.unchanged, counts.resolved) == (
            former["opened"], former["unchanged"], former["resolved"]
        ), f"step {step}: {action}"  # fmt: skip


def test_the_page_starts_a_full_or_an_incremental_check_as_a_job(
    personas: Personas, substances: list[Substance], django_capture_on_commit_callbacks: Any
) -> None:
    build(random.Random(6), substances, enterprises=2)
    client = client_for(personas.bureau)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("compliance:run"), {"full": "1"})
    job = Job.objects.get(task="compliance.run")
    assert response.status_code == 302 and job.params == {"full": True}
    job.refresh_from_db()
    assert job.result["checked"] == 2 and "已核查 2 家企业，0 家自上次核查以来无变化" in str(job.log)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("compliance:run"))
    second = Job.objects.filter(task="compliance.run").order_by("-pk").first()
    second.refresh_from_db()
    assert second.params == {"full": False} and second.result["checked"] == 0 and second.result["skipped"] == 2


def test_the_findings_list_pages_by_cursor_most_urgent_first(personas: Personas) -> None:
    for days in range(30):
        FindingFactory(due_date=TODAY + timedelta(days=days % 7))
    client = client_for(personas.bureau)
    url = reverse("compliance:finding_list")
    first = client.get(url, {"per_page": 25})
    page = first.context["keyset_page"]
    assert first.status_code == 200 and len(page.rows) == 25 and page.has_next
    second = client.get(url, {"per_page": 25, "after": page.next_cursor})
    shown = [f.pk for f in page.rows] + [f.pk for f in second.context["keyset_page"].rows]
    assert shown == list(Finding.objects.order_by("due_date", "id").values_list("pk", flat=True))

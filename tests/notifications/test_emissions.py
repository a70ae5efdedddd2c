"""The services of the other apps send domain events: each produces a notification for the right users only."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from npgov.core.models import Department, District
from npgov.notifications.models import Notification
from tests.conftest import Personas
from tests.core.factories import JobFactory, UserFactory
from tests.enterprises.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def _told(kind: str) -> set[int]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient_id", flat=True))


@pytest.fixture
def company(personas: Personas):  # type: ignore[no-untyped-def]
    enterprise = EnterpriseFactory(district=District.objects.get(code="210211"))
    enterprise.users.add(personas.enterprise)
    return enterprise


def test_a_returned_submission_tells_the_enterprise_with_the_comment(
    personas: Personas, company, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from npgov.surveys.services.workflow import submission_review
    from tests.surveys.factories import SubmissionFactory

    submission = SubmissionFactory(enterprise=company, status="submitted")
    with django_capture_on_commit_callbacks(execute=True):
        submission_review(submission=submission, user=personas.district, approve=False, comment="请补充用途说明")
    notification = Notification.objects.get(kind="submission_returned")
    assert notification.recipient == personas.enterprise
    assert notification.note == "请补充用途说明" and notification.url == submission.get_absolute_url()
    assert notification.title == str(submission.campaign)
    assert Notification.objects.count() == 1  # the district reviewer, the bureau and others: nothing


def test_an_accepted_submission_tells_the_enterprise_only_at_the_end(
    personas: Personas, company, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from npgov.surveys.services.workflow import submission_review
    from tests.surveys.factories import SubmissionFactory

    submission = SubmissionFactory(enterprise=company, status="submitted")
    with django_capture_on_commit_callbacks(execute=True):
        submission_review(submission=submission, user=personas.district, approve=True)
    assert not Notification.objects.exists()  # on to the city review: not yet news for the enterprise
    with django_capture_on_commit_callbacks(execute=True):
        submission_review(submission=submission, user=personas.bureau, approve=True)
    assert _told("submission_accepted") == {personas.enterprise.pk}
    assert Notification.objects.count() == 1


def test_a_finding_opened_and_closed_tells_the_enterprise(
    personas: Personas, company, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from npgov.compliance import services
    from tests.substances.factories import SubstanceFactory

    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        finding = services.finding_open(
            key="test:notify", enterprise=company, substance=SubstanceFactory(), measure=None, year=2026,
            activity="production", rule="ban", explanation="禁止生产", legal_basis="", department=None, today=today,
        )  # fmt: skip
    opened = Notification.objects.get(kind="finding_opened")
    assert opened.recipient == personas.enterprise and opened.due == finding.due_date > today
    services.finding_submit_rectification(finding=finding, user=personas.enterprise, text="已停止生产")
    with django_capture_on_commit_callbacks(execute=True):
        services.finding_close(finding=finding, user=personas.district)
    assert _told("finding_closed") == {personas.enterprise.pk}
    assert Notification.objects.count() == 2


def test_a_dispatch_tells_the_departments_asked_and_an_order_its_department(
    personas: Personas, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from npgov.workplan.models import Plan, Task
    from npgov.workplan.services.progress import progress_request_issue, supervision_order_issue

    plan = Plan.objects.get(key="dalian-2023")
    task = Task.objects.get(key="D-T08")  # pesticides: 市农业农村局 (dl-ara, Dora's department) leads
    asked = set(task.assignments.values_list("department_id", flat=True))
    outsider = UserFactory(role="department", department=Department.objects.exclude(pk__in=asked).first())
    due = timezone.localdate() + timedelta(days=20)
    with django_capture_on_commit_callbacks(execute=True):
        request = progress_request_issue(plan=plan, title="第三季度调度", period_start=due - timedelta(days=60),
                                         period_end=due - timedelta(days=5), due_date=due, tasks=[task],
                                         issued_by=personas.bureau)  # fmt: skip
    told = _told("dispatch_received")
    assert personas.department.pk in told
    assert outsider.pk not in told and personas.bureau.pk not in told and personas.district.pk not in told
    assert Notification.objects.filter(kind="dispatch_received").first().url == request.get_absolute_url()
    with django_capture_on_commit_callbacks(execute=True):
        supervision_order_issue(task=task, department=personas.department.department, deadline=due, text="请加快",
                                issued_by=personas.bureau)  # fmt: skip
    order = Notification.objects.get(kind="supervision_order_issued")
    assert (order.recipient, order.due, order.note) == (personas.department, due, "请加快")


def test_an_expert_is_told_of_a_review_and_officials_of_the_published_list(
    personas: Personas, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from npgov.risk.priority import draft_publish, experts_assign, review_submit
    from tests.capacity.factories import ExpertFactory
    from tests.risk.factories import PriorityDraftFactory, PriorityItemFactory

    draft = PriorityDraftFactory(created_by=personas.bureau, title="大连市优先控制清单（草案）")
    PriorityItemFactory(draft=draft)
    expert = ExpertFactory(user=personas.expert)
    other_expert = UserFactory(role="expert")
    with django_capture_on_commit_callbacks(execute=True):
        experts_assign(draft=draft, experts=[expert], user=personas.bureau)
    assert _told("review_assigned") == {personas.expert.pk}
    review_submit(review=draft.reviews.get(), verdict="agree", comment="", user=personas.expert)
    with django_capture_on_commit_callbacks(execute=True):
        draft_publish(draft=draft, user=personas.bureau)
    told = _told("priority_list_published")
    assert personas.department.pk in told and personas.bureau.pk not in told  # the publisher knows
    assert not told & {personas.enterprise.pk, personas.district.pk, personas.expert.pk, other_expert.pk}


def test_a_finished_import_tells_its_owner(
    personas: Personas, tmp_path: Path, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from npgov.core.tasks import import_file_task

    path = tmp_path / "upload.csv"
    path.write_text("code,city,name_zh\n", encoding="utf-8")
    job = JobFactory(name="导入部门", task="core.import_file", user=personas.bureau,
                     params={"spec": "substances", "path": str(path), "filename": "部门.csv"})  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        import_file_task(job_id=job.pk)
    notification = Notification.objects.get(kind="import_finished")
    assert (notification.recipient, notification.title, notification.url) == (
        personas.bureau, "部门.csv", job.get_absolute_url(),
    )  # fmt: skip
    assert Notification.objects.count() == 1

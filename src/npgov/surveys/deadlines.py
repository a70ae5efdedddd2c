"""Late submissions: a report submitted after its campaign's deadline is accepted and marked 逾期提交.

Computed from ``submitted_at`` (in the configured time zone) and ``campaign.deadline``; nothing is stored.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone

if TYPE_CHECKING:
    from npgov.surveys.models import Submission


def submitted_late(submission: Submission) -> bool:
    """Whether the submission was (last) submitted after the day of its campaign's deadline."""
    if submission.submitted_at is None:
        return False
    return timezone.localdate(submission.submitted_at) > submission.campaign.deadline

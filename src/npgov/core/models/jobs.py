"""Background jobs the user can watch: imports, recalculations, exports."""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from npgov.core.choices import JobStatus
from npgov.core.models.base import RegistryModel
from npgov.core.permissions import Scope

# Keep the log bounded: a job over a million rows must not grow a row without limit.
MAX_LOG_LINES = 500


class JobFailed(Exception):
    """Raised inside ``Job.running()`` to end a job as failed with a plain message, not a traceback."""


class Job(RegistryModel):
    """One run of a background task, with its progress, log and outcome (NetBox's Job)."""

    name = models.CharField(_("name"), max_length=200)
    task = models.CharField(_("task"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=JobStatus.choices, default=JobStatus.PENDING)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    message = models.CharField(_("current step"), max_length=300, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    log = models.JSONField(_("log"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
    )
    object_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("object_type", "object_id")
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    scope = Scope(owner="user")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        indexes = [models.Index(fields=["status", "created_at"], name="core_job_status_created")]

    def __str__(self) -> str:
        return gettext("%(name)s (no. %(n)s)") % {"name": self.name, "n": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("core:job_detail", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)

    @property
    def duration(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None

    def add_log(self, message: str, *, level: str = "info") -> None:
        # in TIME_ZONE with its offset, like the pages and the server log (the API returns the text as stored)
        at = timezone.localtime().isoformat(timespec="seconds")
        self.log = [*self.log, {"at": at, "level": level, "message": str(message)}][
            -MAX_LOG_LINES:
        ]

    def report(self, *, progress: int | None = None, message: str | None = None, log: str | None = None) -> None:
        """Record progress and persist it at once, so a polling page sees it."""
        fields = ["updated_at"]
        if progress is not None:
            self.progress = max(0, min(100, int(progress)))
            fields.append("progress")
        if message is not None:
            self.message = message[:300]
            fields.append("message")
        if log is not None:
            self.add_log(log)
            fields.append("log")
        self.save(update_fields=fields)

    @contextmanager
    def running(self) -> Iterator[Job]:
        """Mark the job running; on exit, succeeded, or failed with the traceback kept."""
        self.status, self.started_at, self.progress = JobStatus.RUNNING, timezone.now(), 0
        self.save(update_fields=["status", "started_at", "progress", "updated_at"])
        try:
            yield self
        except JobFailed as exc:
            self.status = JobStatus.FAILED
            self.add_log(str(exc), level="error")
        except Exception as exc:
            self.status, self.error = JobStatus.FAILED, traceback.format_exc()
            self.add_log(f"{type(exc).__name__}: {exc}", level="error")
        else:
            self.status, self.progress = JobStatus.SUCCEEDED, 100
        self.finished_at = timezone.now()
        self.save(update_fields=["status", "error", "log", "progress", "finished_at", "result", "updated_at"])

    def set_target(self, obj: Any) -> None:
        self.object_type = ContentType.objects.get_for_model(obj)
        self.object_id = obj.pk

"""`npgov tick`: runs every registered tick once, with stable JSON output; --loop keeps running until stopped."""

from __future__ import annotations

import json
import threading
from datetime import date
from io import StringIO
from typing import Any
from unittest import mock

import pytest
from django.core.management import CommandError, call_command

from npgov.core.registry import Tick, registry

pytestmark = pytest.mark.django_db


def test_tick_runs_every_registered_tick_once_and_prints_json() -> None:
    calls: list[date] = []
    ticks = [Tick("b-second", lambda today: calls.append(today) or {"n": 2}, order=20),
             Tick("a-first", lambda today: {"n": 1}, order=10)]  # fmt: skip
    out = StringIO()
    with mock.patch.object(registry, "ticks", ticks):
        call_command("tick", "--json", "--today", "2026-05-04", stdout=out)
    assert json.loads(out.getvalue()) == {"today": "2026-05-04", "ticks": {"a-first": {"n": 1}, "b-second": {"n": 2}}}
    assert out.getvalue().strip() == '{"ticks": {"a-first": {"n": 1}, "b-second": {"n": 2}}, "today": "2026-05-04"}'
    assert calls == [date(2026, 5, 4)]


def test_a_failing_tick_is_reported_and_the_others_run() -> None:
    def boom(today: date) -> Any:
        raise RuntimeError("database is locked")

    out = StringIO()
    with mock.patch.object(registry, "ticks", [Tick("boom", boom), Tick("fine", lambda today: "ok", order=200)]):
        call_command("tick", "--json", stdout=out)
    result = json.loads(out.getvalue())["ticks"]
    assert result == {"boom": {"error": "RuntimeError: database is locked"}, "fine": "ok"}


def test_the_real_ticks_include_the_reminders() -> None:
    out = StringIO()
    call_command("tick", "--json", stdout=out)
    assert "reminders" in json.loads(out.getvalue())["ticks"]


def test_a_wrong_date_is_refused() -> None:
    with pytest.raises(CommandError):
        call_command("tick", "--today", "tomorrow")


def test_loop_repeats_until_stopped() -> None:
    runs: list[date] = []
    stop_after = 3

    class FakeEvent:
        def __init__(self) -> None:
            self.stopped = False

        def is_set(self) -> bool:
            return self.stopped

        def set(self) -> None:
            self.stopped = True

        def wait(self, seconds: float) -> None:
            assert seconds == 7
            if len(runs) >= stop_after:
                self.stopped = True

    with (
        mock.patch.object(registry, "ticks", [Tick("count", lambda today: runs.append(today))]),
        mock.patch.object(threading, "Event", FakeEvent),
        mock.patch("signal.signal"),
    ):
        call_command("tick", "--loop", "--interval", "7", stdout=StringIO(), stderr=StringIO())
    assert len(runs) == stop_after


def test_the_celery_task_and_beat_schedule_run_the_ticks(settings: Any) -> None:
    from npgov.notifications.tasks import run_ticks_task

    assert settings.CELERY_BEAT_SCHEDULE["run-ticks"]["task"] == run_ticks_task.name == "notifications.run_ticks"
    assert settings.CELERY_BEAT_SCHEDULE["run-ticks"]["schedule"] == float(settings.TICK_INTERVAL_SECONDS)
    with mock.patch.object(registry, "ticks", [Tick("t", lambda today: "done")]):
        assert run_ticks_task.apply().get()["ticks"] == {"t": "done"}

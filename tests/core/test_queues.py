"""Celery queues: every task has a route, every queue has a worker in docs/operations.md.

Imports, runs and the scheduled job each have a queue of their own so that none waits behind another; a
new task without a route would silently land on "default" and wait behind whatever is there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from npgov.celery import app

OPERATIONS = Path(__file__).resolve().parents[2] / "docs" / "operations.md"


@pytest.fixture(scope="module")
def tasks() -> list[str]:
    app.loader.import_default_modules()  # autodiscovery: every installed app's tasks module
    names = sorted(name for name in app.tasks if not name.startswith("celery."))
    assert "core.import_file" in names  # discovery worked
    return names


def _queue(name: str) -> str:
    return str(app.amqp.router.route({}, name)["queue"].name)


def test_every_task_is_routed_explicitly_to_a_declared_queue(tasks: list[str]) -> None:
    declared = {queue.name for queue in settings.CELERY_TASK_QUEUES}
    assert [name for name in tasks if name not in settings.CELERY_TASK_ROUTES] == []
    assert {name: _queue(name) for name in tasks if _queue(name) not in declared} == {}


def test_no_route_names_a_task_that_does_not_exist(tasks: list[str]) -> None:
    assert sorted(set(settings.CELERY_TASK_ROUTES) - set(tasks)) == []


@pytest.mark.parametrize(
    ("task", "queue"),
    [
        ("core.import_file", "imports"),
        ("monitoring.import_results", "imports"),
        ("risk.assessment_run", "runs"),
        ("compliance.run", "runs"),
        ("notifications.run_ticks", "ticks"),
    ],
)
def test_imports_runs_and_reminders_do_not_share_a_queue(task: str, queue: str) -> None:
    assert _queue(task) == queue


def test_the_scheduled_job_goes_to_the_ticks_queue() -> None:
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks or entry["task"] in settings.CELERY_TASK_ROUTES
        assert _queue(entry["task"]) == "ticks"


def test_a_worker_without_queues_serves_every_queue() -> None:
    # one machine (bench/load.py, `make worker`): a plain `celery worker` consumes all of them
    assert {q.name for q in app.amqp.queues.consume_from.values()} == {q.name for q in settings.CELERY_TASK_QUEUES}


def test_every_queue_has_a_worker_command_in_the_operations_guide() -> None:
    text = OPERATIONS.read_text(encoding="utf-8")
    served: set[str] = set()
    for command in re.findall(r"celery -A npgov\.celery worker[^\n`]*", text):
        match: Any = re.search(r"-Q ([a-z,]+)", command)
        if match:
            served.update(match.group(1).split(","))
    assert {q.name for q in settings.CELERY_TASK_QUEUES} - served == set()


@pytest.fixture
def not_eager() -> Iterator[None]:
    previous, app.conf.task_always_eager = app.conf.task_always_eager, False
    yield
    app.conf.task_always_eager = previous


@pytest.mark.usefixtures("not_eager")
def test_a_sent_job_lands_on_its_queue_of_a_broker(tasks: list[str]) -> None:
    # given a broker (kombu's in-memory transport: the same publishing path as Redis)
    queues = [queue.name for queue in settings.CELERY_TASK_QUEUES]
    with app.connection_for_write("memory://") as connection:
        for queue in queues:
            connection.SimpleQueue(queue).clear()
        # when every task is sent by name, as job_enqueue and beat send them
        for name in tasks:
            app.send_task(name, kwargs={"job_id": 0}, connection=connection)
        # then each message waits on the queue of its route, and nowhere else
        landed: dict[str, str] = {}
        for queue in queues:
            waiting = connection.SimpleQueue(queue)
            while waiting.qsize():
                message = waiting.get(block=False)
                landed[message.headers["task"]] = queue
                message.ack()
    assert landed == {name: settings.CELERY_TASK_ROUTES[name]["queue"] for name in tasks}

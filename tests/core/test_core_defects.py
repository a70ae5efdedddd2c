"""Defects found while trying the platform (issue #14, item 11): commands before ``migrate``, 403s in the log,
one time zone in logs and job pages, the favicon."""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.db import OperationalError
from django.test import Client

from npgov.core.logs import ClientErrorOneLine, LocalTimeFormatter
from npgov.core.management import database
from tests.conftest import Personas, client_for
from tests.core.factories import JobFactory

pytestmark = pytest.mark.django_db

NPGOV = Path(sys.executable).with_name("npgov")


# -- a command run before `npgov migrate` -----------------------------------------------------------------------


def test_a_command_on_a_database_without_tables_says_to_migrate_in_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
           "DJANGO_SETTINGS_MODULE": "npgov.settings"}  # fmt: skip
    done = subprocess.run([str(NPGOV), "classify", "50-00-0"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "npgov migrate" in lines[0], done.stderr


def test_pending_migrations_turn_a_database_error_into_the_hint(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def failing(argv: list[str]) -> None:
        raise OperationalError("no such table: core_district")

    monkeypatch.setattr(database, "pending_migrations", lambda alias="default": 3)
    with pytest.raises(SystemExit) as exited:
        database.run_command(failing, ["npgov", "demo"])
    assert exited.value.code == 1
    assert capsys.readouterr().err.strip() == f"npgov demo: {database.MIGRATE_HINT}"


def test_a_database_error_on_a_migrated_database_is_not_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(argv: list[str]) -> None:
        raise OperationalError("disk I/O error")

    monkeypatch.setattr(database, "pending_migrations", lambda alias="default": 0)
    with pytest.raises(OperationalError):
        database.run_command(failing, ["npgov", "classify"])


def test_the_test_database_has_no_pending_migrations() -> None:
    assert database.pending_migrations() == 0


# -- the log: one line per refused page, times in the configured zone ----------------------------------------


@pytest.fixture
def console_log() -> io.StringIO:
    """What the configured console handler writes (its filters and formatter), captured."""
    handler = next(
        h for h in logging.getLogger().handlers if any(isinstance(f, ClientErrorOneLine) for f in h.filters)
    )
    assert isinstance(handler, logging.StreamHandler)
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def test_a_403_is_logged_as_one_warning_line_in_beijing_time(personas: Personas, console_log: io.StringIO) -> None:
    response = client_for(personas.enterprise).get("/capacity/funding/")
    assert response.status_code == 403
    lines = console_log.getvalue().splitlines()
    forbidden = [line for line in lines if "Forbidden" in line]
    assert len(forbidden) == 1, lines
    assert "WARNING django.request" in forbidden[0] and "+08:00 " in forbidden[0]
    assert "Traceback" not in console_log.getvalue()


def test_a_server_error_keeps_its_traceback() -> None:
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error", (), None)
    try:
        raise ValueError("boom")
    except ValueError:
        record.exc_info = sys.exc_info()
    record.status_code = 500
    ClientErrorOneLine().filter(record)
    assert "Traceback" in LocalTimeFormatter("%(message)s", tz="Asia/Shanghai").format(record)


def test_log_times_carry_the_configured_zone_and_offset() -> None:
    record = logging.LogRecord("npgov", logging.INFO, __file__, 1, "hello", (), None)
    record.created = 1_764_639_000.0  # 2025-12-02 01:30:00 UTC
    assert LocalTimeFormatter("%(asctime)s %(message)s", tz="Asia/Shanghai").format(record) == (
        "2025-12-02 09:30:00+08:00 hello"
    )


def test_the_job_page_shows_log_times_in_beijing_time(personas: Personas) -> None:
    job = JobFactory(user=personas.bureau, log=[{"at": "2025-12-02T01:30:00+00:00", "level": "info",
                                                 "message": "started"}])  # fmt: skip
    html = client_for(personas.bureau).get(job.get_absolute_url()).content.decode()
    assert "2025-12-02 09:30:00 started" in " ".join(html.split())
    assert "2025-12-02T01:30:00" not in html


# -- the favicon --------------------------------------------------------------------------------------------------


def test_the_favicon_exists_and_pages_link_it() -> None:
    assert finders.find("npgov/favicon.svg") and finders.find("npgov/favicon.ico")
    html = Client().get("/accounts/login/").content.decode()
    assert 'rel="icon"' in html and "npgov/favicon.svg" in html


def test_favicon_ico_is_not_a_404_even_for_visitors() -> None:
    response = Client().get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith("npgov/favicon.ico")


def test_job_log_lines_are_stored_in_the_configured_zone(personas: Personas) -> None:
    job = JobFactory(user=personas.bureau)
    job.add_log("step one")
    assert job.log[-1]["at"].endswith("+08:00")

"""The read replica: maintained statistics and exports read from it when DATABASE_REPLICA_URL is set.

Django's test mirror makes the alias "replica" the test database itself (settings: TEST {"MIRROR": "default"}),
so a transactional test writes on the primary and sees, through the replica's own connection, which queries
went where.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.test.utils import CaptureQueriesContext

from npgov.core import checks
from npgov.core.db import REPLICA, replica_alias
from npgov.core.models import Job
from npgov.core.routers import REPLICA_READ_MODELS, ReplicaRouter
from npgov.monitoring.models import SeriesSummary, Site, SummaryCell

BOTH = {"default", "replica"}
WHEN = datetime(2025, 5, 1, tzinfo=UTC)


@pytest.fixture
def replica_on(settings: Any) -> None:
    settings.READ_FROM_REPLICA = True


def _cell(**fields: Any) -> SummaryCell:
    # The statistics tables carry no database foreign keys (db_constraint=False): no site or substance needed.
    values = {"site_id": 1, "substance_id": 1, "matrix": "surface_water", "year": 2025, "n": 3, "detected": 1,
              "first_sampled": WHEN, "last_sampled": WHEN, **fields}  # fmt: skip
    return SummaryCell.objects.create(**values)


def test_it_reads_everything_from_the_primary_without_a_replica(settings: Any) -> None:
    settings.READ_FROM_REPLICA = False
    assert replica_alias() == DEFAULT_DB_ALIAS
    assert SummaryCell.objects.all().db == DEFAULT_DB_ALIAS
    assert SeriesSummary.objects.all().db == DEFAULT_DB_ALIAS


def test_it_sends_statistics_reads_to_the_replica_and_nothing_else(replica_on: None) -> None:
    assert SummaryCell.objects.all().db == REPLICA
    assert SeriesSummary.objects.filter(n__gt=0).db == REPLICA
    assert Site.objects.all().db == DEFAULT_DB_ALIAS  # raw data, and everything else, stay on the primary
    assert Job.objects.all().db == DEFAULT_DB_ALIAS
    assert replica_alias() == REPLICA  # what exports use explicitly


def test_it_names_only_models_that_exist() -> None:
    from django.apps import apps

    labels = {model._meta.label_lower for model in apps.get_models()}
    assert REPLICA_READ_MODELS <= labels


def test_it_writes_to_the_primary_even_what_was_read_from_the_replica(replica_on: None) -> None:
    router = ReplicaRouter()
    cell = SummaryCell(site_id=1, substance_id=1, matrix="surface_water", year=2025)
    cell._state.db = REPLICA
    assert router.db_for_write(SummaryCell, instance=cell) == DEFAULT_DB_ALIAS
    assert SummaryCell.objects.filter(year=2025).select_for_update().db == DEFAULT_DB_ALIAS
    assert router.allow_migrate(REPLICA, "monitoring") is False
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "monitoring") is None


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_it_reads_the_primary_inside_a_transaction(replica_on: None) -> None:
    # An import refreshing the statistics reads what it has just written, not the replica's older copy.
    with transaction.atomic():
        _cell(n=7)
        assert SummaryCell.objects.all().db == DEFAULT_DB_ALIAS
        assert replica_alias() == DEFAULT_DB_ALIAS
        assert SummaryCell.objects.get(year=2025).n == 7
    assert SummaryCell.objects.all().db == REPLICA


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_it_runs_statistics_queries_on_the_replica_connection(replica_on: None) -> None:
    # given committed statistics on the primary
    _cell(n=5, detected=2)
    # when a page reads them
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        with CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as on_primary:
            cell = SummaryCell.objects.get(year=2025)
    # then the query ran on the replica's connection and found the row (the mirror is the same database)
    assert (cell.n, cell.detected, cell._state.db) == (5, 2, REPLICA)
    assert len(on_replica.captured_queries) == 1 and "monitoring_summarycell" in on_replica.captured_queries[0]["sql"]
    assert on_primary.captured_queries == []
    # and saving it again writes to the primary
    cell.n = 6
    with CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as on_primary:
        cell.save()
    assert any(q["sql"].startswith("UPDATE") for q in on_primary.captured_queries)
    assert SummaryCell.objects.using(DEFAULT_DB_ALIAS).get(pk=cell.pk).n == 6


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_an_export_reads_through_the_alias_it_is_given(replica_on: None) -> None:
    _cell()
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        rows = list(Site.objects.using(replica_alias()).values_list("pk", flat=True).iterator())
    assert rows == [] and len(on_replica.captured_queries) == 1


# --- the system check -----------------------------------------------------------------------------------------------


def _databases(default: dict[str, Any], **replica: Any) -> dict[str, Any]:
    return {"default": default, "replica": {**default, **replica}}


def test_a_replica_url_naming_the_primary_is_warned(settings: Any) -> None:
    primary = {"ENGINE": "django.db.backends.postgresql", "NAME": "npgov", "HOST": "127.0.0.1", "PORT": ""}
    settings.DATABASE_REPLICA_URL = "postgres://npgov@localhost:5432/npgov"
    settings.DATABASES = _databases(primary, HOST="localhost", PORT="5432")
    assert [m.id for m in checks.replica_settings()] == ["npgov.W005"]


def test_a_replica_on_another_server_is_not_warned(settings: Any) -> None:
    primary = {"ENGINE": "django.db.backends.postgresql", "NAME": "npgov", "HOST": "db1.example", "PORT": "5432"}
    settings.DATABASE_REPLICA_URL = "postgres://npgov@db2.example/npgov"
    settings.DATABASES = _databases(primary, HOST="db2.example")
    assert checks.replica_settings() == []
    settings.DATABASE_REPLICA_URL = ""  # no replica configured: nothing to check
    settings.DATABASES = _databases(primary)
    assert checks.replica_settings() == []


@pytest.mark.django_db(databases=BOTH)
def test_the_database_check_asks_the_replica_whether_it_is_a_standby(settings: Any) -> None:
    # The test mirror is the primary itself: PostgreSQL answers "not in recovery"; SQLite cannot answer at all.
    replica = connections[REPLICA].settings_dict
    settings.DATABASE_REPLICA_URL = "postgres://npgov@standby.example/npgov"
    settings.DATABASES = {"default": {**replica, "HOST": "primary.example"}, "replica": replica}
    assert checks.replica_settings() == []  # without --database replica no connection is opened
    expected = "npgov.W005" if connections[REPLICA].vendor == "postgresql" else "npgov.W006"
    assert [m.id for m in checks.replica_settings(databases=["replica"])] == [expected]


@pytest.mark.django_db(databases=BOTH)
def test_the_replica_connection_refuses_writes() -> None:
    from django.db import DatabaseError

    with pytest.raises(DatabaseError, match="read-?only"), transaction.atomic(using=REPLICA):
        SummaryCell.objects.using(REPLICA).create(
            site_id=1, substance_id=1, matrix="surface_water", year=2025, n=1, detected=0,
            first_sampled=WHEN, last_sampled=WHEN,
        )  # fmt: skip


# --- settings ---------------------------------------------------------------------------------------------------------


def _start(code: str, **env: str) -> Any:
    import os
    import subprocess
    import sys

    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DATABASE_REPLICA_URL")}
    environment.update(env, DJANGO_SETTINGS_MODULE="npgov.settings")
    return subprocess.run([sys.executable, "-c", f"import django; django.setup(); {code}"],
                          capture_output=True, text=True, env=environment)  # fmt: skip


def test_a_replica_needs_postgresql(tmp_path: Any) -> None:
    result = _start("", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
                    DATABASE_REPLICA_URL="postgres://npgov@standby.example/npgov")  # fmt: skip
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "DATABASE_REPLICA_URL" in result.stderr


def test_a_replica_url_configures_a_read_only_replica_alias() -> None:
    code = (
        "from django.conf import settings as s; r = s.DATABASES['replica']; "
        "print(s.READ_FROM_REPLICA, r['HOST'], r['NAME'], r['TEST']['MIRROR'], r['OPTIONS']['options'])"
    )
    result = _start(code, DATABASE_URL="postgres://npgov@primary.example/npgov",
                    DATABASE_REPLICA_URL="postgres://npgov@standby.example:5433/npgov")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True", "standby.example", "npgov", "default", "-c", "default_transaction_read_only=on"
    ]  # fmt: skip

"""``npgov backup`` / ``npgov restore``: a round trip into an empty database keeps every table exactly."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from npgov.core.backup import BackupError, backup_create, backup_restore, database_is_empty, table_stats
from tests.core.factories import JobFactory, UserFactory
from tests.enterprises.factories import EnterpriseFactory

TRANSACTIONAL = pytest.mark.django_db(transaction=True)  # pg_dump and the backup API read committed data


def _world(org: Any, media: Path) -> None:
    """Some rows of several kinds (with history, JSON, dates, Chinese text) and two uploaded files."""
    user = UserFactory(username="backup-user", display_name="备份 测试")
    EnterpriseFactory(name="大连备份测试化工有限公司")
    JobFactory(name="导入 测试", user=user, params={"spec": "x", "值": [1, 2.5, None]})
    (media / "imports").mkdir(parents=True)
    (media / "imports" / "a.csv").write_bytes("站点,数值\nA,1.5\n".encode())
    (media / "evidence").mkdir()
    (media / "evidence" / "b.pdf").write_bytes(b"%PDF-1.4 test")


@TRANSACTIONAL
def test_round_trip_into_an_empty_database(org: Any, tmp_path: Path, scratch_db: str, settings: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    _world(org, settings.MEDIA_ROOT)
    before = table_stats()
    manifest = backup_create(tmp_path / "backup")

    assert set(manifest["files"]) == {"media.tar", "manifest.json"} - {"manifest.json"} | {
        "database.dump" if connections["default"].vendor == "postgresql" else "database.sqlite3"
    }
    assert manifest["tables"] == before  # the checksums describe the data at the time of the backup
    assert manifest["tables"]["core_user"]["rows"] >= 1 and manifest["migrations"]["core"]
    assert database_is_empty(scratch_db)

    outcome = backup_restore(tmp_path / "backup", alias=scratch_db, media_root=tmp_path / "restored-media")

    assert outcome.ok, outcome.mismatches
    restored = table_stats(scratch_db)
    assert set(restored) == set(before)
    for table, stats in before.items():  # every table: the same row count and the same content checksum
        assert restored[table] == stats, table
    assert outcome.media_files == 2
    assert (tmp_path / "restored-media" / "imports" / "a.csv").read_bytes() == "站点,数值\nA,1.5\n".encode()
    assert (tmp_path / "restored-media" / "evidence" / "b.pdf").read_bytes() == b"%PDF-1.4 test"


def test_a_damaged_backup_is_refused_before_anything_is_touched(tmp_path: Path) -> None:
    """Refused before any database access (this test may not touch one): the manifest and files come first."""
    backup = tmp_path / "backup"
    backup.mkdir()
    (backup / "media.tar").write_bytes(b"tar")
    (backup / "database.sqlite3").write_bytes(b"db")
    files = {"database.sqlite3": {"bytes": 2, "sha256": "0" * 64}, "media.tar": {"bytes": 3, "sha256": "0" * 64}}
    manifest = {"format": 1, "database": {"engine": "sqlite"}, "files": files, "tables": {}, "migrations": {}}
    (backup / "manifest.json").write_text(json.dumps(manifest))

    with pytest.raises(BackupError, match="database.sqlite3 does not match its checksum"):
        backup_restore(backup, media_root=tmp_path / "restored-media")
    assert not (tmp_path / "restored-media").exists()
    (backup / "manifest.json").unlink()
    with pytest.raises(BackupError, match="not an NPGov backup"):
        backup_restore(backup)


@TRANSACTIONAL
def test_commands_refuse_a_database_holding_data_unless_forced_and_print_stable_json(
    org: Any, tmp_path: Path, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    _world(org, settings.MEDIA_ROOT)
    out = StringIO()
    call_command("backup", "--output", str(tmp_path / "b"), "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert list(result) == sorted(result)
    assert set(result) == {"app_version", "created_at", "engine", "files", "media_files", "path", "rows", "tables"}
    assert result["tables"] > 100 and result["path"] == str(tmp_path / "b")

    with pytest.raises(CommandError, match="already holds data"):
        call_command("restore", str(tmp_path / "b"), "--json", stdout=StringIO())
    UserFactory(username="added-after-the-backup")
    out = StringIO()
    call_command("restore", str(tmp_path / "b"), "--force", "--json", stdout=out)
    restored = json.loads(out.getvalue())
    assert list(restored) == sorted(restored)
    assert restored["ok"] is True and restored["mismatches"] == [] and restored["rows"] == result["rows"]
    assert restored["media_files"] == 2
    with connections["default"].cursor() as cursor:  # the database is the backup's again
        cursor.execute("SELECT 1 FROM core_user WHERE username = %s", ["added-after-the-backup"])
        assert cursor.fetchone() is None

    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", "--output", str(tmp_path / "b"), stdout=StringIO())

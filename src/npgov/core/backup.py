"""Backup and restore of a whole installation: the database, the uploaded files and a manifest.

A backup is one directory::

    manifest.json      format, time, app version, database engine and server version, migrations applied,
                       every table's row count and content checksum, and the SHA-256 and size of each file
    database.dump      PostgreSQL: ``pg_dump --format=custom`` (restored with ``pg_restore``)
    database.sqlite3   SQLite: a copy made with SQLite's online backup API (never a file copy of a live
                       WAL database, which can miss committed pages still in the -wal file)
    media.tar          the uploaded files (MEDIA_ROOT), relative paths, sorted

The table checksums are taken from the same snapshot as the dump: on PostgreSQL a REPEATABLE READ
transaction exports its snapshot and ``pg_dump --snapshot`` reads from it; on SQLite the checksums are
computed on the copy. ``restore`` checks the manifest and every file before it touches anything, refuses a
database that already holds data unless forced, restores, then recomputes every count and checksum and
compares them with the manifest (docs/operations.md, "Backup and restore").
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader

import npgov

FORMAT = 1
MANIFEST = "manifest.json"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MEDIA_TAR = "media.tar"
# Rows that ``migrate`` itself writes: a database holding only these counts as empty.
MIGRATE_TABLES = frozenset({"django_migrations", "django_content_type", "auth_permission"})


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass
class RestoreOutcome:
    path: str
    engine: str
    tables: int
    rows: int
    media_files: int
    mismatches: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.mismatches

    def as_dict(self) -> dict[str, Any]:
        return {"engine": self.engine, "media_files": self.media_files, "mismatches": self.mismatches,
                "ok": self.ok, "path": self.path, "rows": self.rows, "tables": self.tables,
                "warnings": self.warnings}  # fmt: skip


# --- checksums -----------------------------------------------------------------------------------------------


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _plain(value: Any) -> Any:
    """A value as JSON can hold it, the same for the same stored value on the same engine."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (Decimal, dt.date, dt.time, dt.timedelta)):
        return str(value) if not isinstance(value, (dt.date, dt.time)) else value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return str(value)


def _quote(connection: Any, name: str) -> str:
    return str(connection.ops.quote_name(name))


def table_stats(alias: str = "default", *, cursor: Any = None) -> dict[str, dict[str, Any]]:
    """Every table's row count and a SHA-256 over its rows in primary-key order (all columns, in order)."""
    connection = connections[alias]
    own_cursor = cursor is None
    cursor = cursor or connection.cursor()
    try:
        stats: dict[str, dict[str, Any]] = {}
        for table in sorted(connection.introspection.table_names(cursor)):
            if table.startswith("sqlite_"):
                continue
            pk = connection.introspection.get_primary_key_column(cursor, table)
            query = f"SELECT * FROM {_quote(connection, table)}"  # noqa: S608 - names from introspection
            if pk:
                query += f" ORDER BY {_quote(connection, pk)}"
            cursor.execute(query)
            digest, rows = hashlib.sha256(), 0
            lines: list[bytes] = []
            while batch := cursor.fetchmany(2000):
                for row in batch:
                    line = json.dumps([_plain(v) for v in row], ensure_ascii=False).encode() + b"\n"
                    rows += 1
                    if pk:
                        digest.update(line)
                    else:
                        lines.append(line)
            for line in sorted(lines):  # no primary key: order the rows themselves
                digest.update(line)
            stats[table] = {"checksum": digest.hexdigest(), "rows": rows}
        return stats
    finally:
        if own_cursor:
            cursor.close()


def applied_migrations(alias: str = "default") -> dict[str, list[str]]:
    connection = connections[alias]
    if "django_migrations" not in connection.introspection.table_names():
        return {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        applied: dict[str, list[str]] = {}
        for app, name in cursor.fetchall():
            applied.setdefault(app, []).append(name)
    return applied


def database_is_empty(alias: str = "default") -> bool:
    """No table holds a row other than those ``migrate`` writes (migrations, content types, permissions)."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in MIGRATE_TABLES or table.startswith("sqlite_"):
                continue
            cursor.execute(f"SELECT 1 FROM {_quote(connection, table)} LIMIT 1")  # noqa: S608
            if cursor.fetchone():
                return False
    return True


# --- PostgreSQL tools ----------------------------------------------------------------------------------------


def _pg_version(alias: str) -> int:
    """The server's version as an integer (150020 for 15.20): the PostgreSQL backend's ``pg_version``."""
    return int(getattr(connections[alias], "pg_version"))  # noqa: B009 - only the PostgreSQL wrapper has it


def _pg_tool(name: str, server_version: int) -> str:
    """``pg_dump``/``pg_restore`` of the server's major version (or newer): an older one refuses to dump."""
    major = server_version // 10000
    candidates = []
    if os.environ.get("NPGOV_PG_BIN"):
        candidates.append(Path(os.environ["NPGOV_PG_BIN"]) / name)
    candidates.append(Path(f"/usr/lib/postgresql/{major}/bin/{name}"))
    found = shutil.which(name)
    if found:
        candidates.append(Path(found))
    for candidate in candidates:
        if not candidate.is_file():
            continue
        out = subprocess.run([str(candidate), "--version"], capture_output=True, text=True, check=False).stdout
        match = re.search(r"(\d+)(?:\.\d+)?", out)
        if match and int(match.group(1)) >= major:
            return str(candidate)
    raise BackupError(
        f"{name} of PostgreSQL {major} or newer was not found (install postgresql-client-{major}, "
        f"or set NPGOV_PG_BIN to its bin directory)."
    )


def _pg_env(alias: str) -> tuple[list[str], dict[str, str]]:
    """Connection arguments and environment (the password never on the command line)."""
    params = connections[alias].settings_dict
    env = {**os.environ}
    args = []
    if params.get("HOST"):
        args += ["--host", str(params["HOST"])]
    if params.get("PORT"):
        args += ["--port", str(params["PORT"])]
    if params.get("USER"):
        args += ["--username", str(params["USER"])]
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    if (params.get("OPTIONS") or {}).get("sslmode"):
        env["PGSSLMODE"] = str(params["OPTIONS"]["sslmode"])
    return [*args, "--no-password"], env


def _run(args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {done.stderr.strip()[-2000:]}")


# --- media ---------------------------------------------------------------------------------------------------


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def _media_write(root: Path, target: Path) -> int:
    files = _media_files(root)
    with tarfile.open(target, "w") as tar:
        for path in files:
            info = tar.gettarinfo(str(path), arcname=path.relative_to(root).as_posix())
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            with path.open("rb") as handle:
                tar.addfile(info, handle)
    return len(files)


def _media_extract(source: Path, root: Path) -> int:
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source, "r") as tar:
        members = tar.getmembers()
        for member in members:  # refuse anything that would land outside MEDIA_ROOT
            name = Path(member.name)
            if name.is_absolute() or ".." in name.parts or not (member.isfile() or member.isdir()):
                raise BackupError(f"{MEDIA_TAR}: refusing the entry {member.name!r}.")
        tar.extractall(root, filter="data")
    return sum(1 for m in members if m.isfile())


# --- backup --------------------------------------------------------------------------------------------------


def default_backup_dir() -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    return Path(settings.INSTANCE_DIR) / "backups" / f"npgov-{stamp}"


def backup_create(
    output: Path | None = None, *, alias: str = "default", media_root: Path | None = None
) -> dict[str, Any]:
    """Write a backup into ``output`` (a new or empty directory); return its manifest."""
    output = Path(output or default_backup_dir()).resolve()
    if output.exists() and any(output.iterdir()):
        raise BackupError(f"{output} is not empty: choose a new directory for the backup.")
    output.mkdir(parents=True, exist_ok=True)
    connection = connections[alias]
    connection.ensure_connection()
    engine = connection.vendor
    if engine == "postgresql":
        stats, server = _backup_postgresql(alias, output / PG_DUMP), str(_pg_version(alias))
    elif engine == "sqlite":
        stats, server = _backup_sqlite(alias, output / SQLITE_COPY), sqlite3.sqlite_version
    else:
        raise BackupError(f"backups support PostgreSQL and SQLite, not {engine}.")
    media_files = _media_write(Path(media_root or settings.MEDIA_ROOT), output / MEDIA_TAR)
    files = {}
    for name in sorted(p.name for p in output.iterdir()):
        files[name] = {"bytes": (output / name).stat().st_size, "sha256": sha256_file(output / name)}
    manifest = {
        "app_version": npgov.__version__,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": {"engine": engine, "server_version": server},
        "files": files,
        "format": FORMAT,
        "media_files": media_files,
        "migrations": applied_migrations(alias),
        "tables": stats,
    }
    (output / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
                                   encoding="utf-8")  # fmt: skip
    manifest["path"] = str(output)
    return manifest


def _backup_postgresql(alias: str, target: Path) -> dict[str, dict[str, Any]]:
    """pg_dump from the snapshot in which the checksums are computed: both describe the same moment."""
    connection = connections[alias]
    pg_dump = _pg_tool("pg_dump", _pg_version(alias))
    args, env = _pg_env(alias)
    if connection.in_atomic_block:
        raise BackupError("a backup cannot run inside a transaction.")
    connection.ensure_connection()
    raw = connection.connection
    previous = raw.autocommit
    raw.autocommit = False
    try:
        with raw.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            dump = [pg_dump, *args, "--format=custom", "--no-owner", "--no-acl", f"--snapshot={snapshot}",
                    "--file", str(target), str(connection.settings_dict["NAME"])]  # fmt: skip
            _run(dump, env)
        with connection.cursor() as cursor:  # Django's wrapper: the same open transaction
            stats = table_stats(alias, cursor=cursor)
        raw.rollback()
    finally:
        raw.autocommit = previous
    return stats


def _backup_sqlite(alias: str, target: Path) -> dict[str, dict[str, Any]]:
    connection = connections[alias]
    source = connection.connection
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
    finally:
        destination.close()
    os.chmod(target, 0o600)
    return _sqlite_stats(alias, target)


def _sqlite_stats(alias: str, copy: Path) -> dict[str, dict[str, Any]]:
    """table_stats() of the copy, read through a Django connection like the restored database will be."""
    name = "__npgov_backup_copy__"
    wrapper = type(connections[alias])({**connections[alias].settings_dict, "NAME": str(copy)}, alias=name)
    connections[name] = wrapper
    try:
        with wrapper.cursor() as cursor:
            return table_stats(name, cursor=cursor)
    finally:
        wrapper.close()
        del connections[name]


# --- restore -------------------------------------------------------------------------------------------------


def manifest_verify(path: Path) -> dict[str, Any]:
    """Read the manifest and check every file it lists (size and SHA-256) before anything is touched."""
    path = Path(path)
    manifest_path = path / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{path} holds no {MANIFEST}: not an NPGov backup.")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(f"{MANIFEST} cannot be read: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"backup format {manifest.get('format')!r} is not supported (expected {FORMAT}).")
    for name, expected in sorted(manifest.get("files", {}).items()):
        file = path / name
        if not file.is_file():
            raise BackupError(f"{name} is missing from the backup.")
        if file.stat().st_size != expected["bytes"] or sha256_file(file) != expected["sha256"]:
            raise BackupError(f"{name} does not match its checksum in {MANIFEST}: the backup is damaged.")
    required = {"postgresql": PG_DUMP, "sqlite": SQLITE_COPY}.get(manifest.get("database", {}).get("engine"))
    if required is None or required not in manifest.get("files", {}):
        raise BackupError(f"{MANIFEST} names no database file for engine {manifest.get('database')!r}.")
    return manifest


def _migration_warnings(manifest: dict[str, Any]) -> list[str]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = {f"{app}.{name}" for app, name in loader.disk_migrations}
    in_backup = {f"{app}.{name}" for app, names in manifest.get("migrations", {}).items() for name in names}
    apps = {key.split(".", 1)[0] for key in known}
    unknown = sorted(m for m in in_backup if m.split(".", 1)[0] in apps and m not in known)
    if unknown:
        raise BackupError(
            f"the backup was made by a newer version of NPGov ({manifest.get('app_version')}): migrations "
            f"{', '.join(unknown[:5])} are unknown to this one. Restore with that version."
        )
    missing = sorted(m for m in known if m not in in_backup)
    if not missing:
        return []
    return [f"{len(missing)} migrations are newer than the backup: run `npgov migrate` after the restore."]


def backup_restore(path: Path, *, force: bool = False, alias: str = "default",
                   media_root: Path | None = None) -> RestoreOutcome:  # fmt: skip
    """Restore a backup into ``alias`` and MEDIA_ROOT, then compare every table with the manifest."""
    path = Path(path).resolve()
    manifest = manifest_verify(path)
    connection = connections[alias]
    connection.ensure_connection()
    engine = manifest["database"]["engine"]
    if engine != connection.vendor:
        raise BackupError(f"the backup is of a {engine} database; this installation uses {connection.vendor}.")
    warnings = _migration_warnings(manifest)
    media = Path(media_root or settings.MEDIA_ROOT)
    if not force:
        if not database_is_empty(alias):
            raise BackupError("the database already holds data: restore into an empty database, or use --force "
                              "to replace it.")  # fmt: skip
        if _media_files(media):
            raise BackupError(f"{media} already holds files: use --force to replace them.")
    if engine == "postgresql":
        _restore_postgresql(alias, path / PG_DUMP)
    else:
        _restore_sqlite(alias, path / SQLITE_COPY)
    if force and media.is_dir():
        for child in media.iterdir():
            shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
    media_files = _media_extract(path / MEDIA_TAR, media) if (path / MEDIA_TAR).is_file() else 0
    stats = table_stats(alias)
    expected = manifest["tables"]
    mismatches = []
    for table in sorted(set(expected) | set(stats)):
        want, got = expected.get(table), stats.get(table)
        if want != got:
            mismatches.append({"expected": want, "found": got, "table": table})
    return RestoreOutcome(path=str(path), engine=engine, tables=len(stats), rows=sum(s["rows"] for s in stats.values()),
                          media_files=media_files, mismatches=mismatches, warnings=warnings)  # fmt: skip


def _restore_postgresql(alias: str, dump: Path) -> None:
    connection = connections[alias]
    pg_restore = _pg_tool("pg_restore", _pg_version(alias))
    args, env = _pg_env(alias)
    name = str(connection.settings_dict["NAME"])
    connection.close()
    # --clean drops what the dump holds before re-creating it; one transaction: all or nothing
    _run([pg_restore, *args, "--clean", "--if-exists", "--no-owner", "--no-acl", "--single-transaction",
          "--exit-on-error", "--dbname", name, str(dump)], env)  # fmt: skip


def _restore_sqlite(alias: str, copy: Path) -> None:
    connection = connections[alias]
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)  # replaces every page of the target, under its lock
    finally:
        source.close()
    connection.close()

"""Caps on uploaded files, declared per importer and stated on its upload page (issue #16, defect 4).

A file is refused before it is parsed when it is too large, when an Excel workbook would inflate
beyond ``max_inflated_bytes`` (a zip bomb), and while it is read, as soon as it passes ``max_rows``
or ``max_cells`` (rows × columns). Each importer declares its :class:`UploadLimits`; the upload page
shows :meth:`UploadLimits.describe` so users know the rules before they try.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import secrets
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

MB = 1024 * 1024


@dataclass(frozen=True)
class UploadLimits:
    max_bytes: int = 20 * MB
    max_inflated_bytes: int = 200 * MB  # the uncompressed XML of an .xlsx
    max_rows: int = 100_000
    max_columns: int = 200
    max_cells: int = 2_000_000

    def scaled(self) -> UploadLimits:
        """These limits times ``settings.UPLOAD_LIMIT_FACTOR`` (a deployment may raise or lower all caps)."""
        factor = getattr(settings, "UPLOAD_LIMIT_FACTOR", 1.0)
        if factor == 1.0:
            return self
        return UploadLimits(int(self.max_bytes * factor), int(self.max_inflated_bytes * factor),
                            int(self.max_rows * factor), self.max_columns, int(self.max_cells * factor))  # fmt: skip

    def describe(self) -> str:
        """One sentence for the upload page, in the user's language."""
        limits = self.scaled()
        return _("At most %(size)s MB, %(rows)s rows and %(columns)s columns per file.") % {
            "size": f"{limits.max_bytes / MB:g}", "rows": f"{limits.max_rows:,}", "columns": limits.max_columns,
        }  # fmt: skip


# Small lists typed by hand (departments, experts, labs …) and reference data.
SMALL = UploadLimits(max_bytes=5 * MB, max_inflated_bytes=50 * MB, max_rows=20_000, max_columns=100,
                     max_cells=500_000)  # fmt: skip
# The default for registries (enterprises, substances, sites …).
DEFAULT = UploadLimits()
# Monitoring results: the one importer built for very large files (it streams in blocks).
LARGE = UploadLimits(max_bytes=200 * MB, max_inflated_bytes=1024 * MB, max_rows=5_000_000, max_columns=500,
                     max_cells=100_000_000)  # fmt: skip


class UploadRefused(ValueError):
    """A file refused as a whole before reading; the message is localised."""


def check_size(size: int, limits: UploadLimits) -> None:
    limits = limits.scaled()
    if size > limits.max_bytes:
        raise UploadRefused(_("The file is %(size)s MB; this upload takes at most %(limit)s MB.")
                            % {"size": f"{size / MB:.1f}", "limit": f"{limits.max_bytes / MB:g}"})  # fmt: skip


def check_inflated_size(data: bytes | Path, filename: str, limits: UploadLimits) -> None:
    """Refuse a workbook whose parts would inflate beyond the cap, reading only the zip directory
    (``data``: the bytes, or the path of a file kept on disk)."""
    if PurePath(filename).suffix.lower() not in {".xlsx", ".xlsm"}:
        return
    limits = limits.scaled()
    try:
        with zipfile.ZipFile(data if isinstance(data, Path) else io.BytesIO(data)) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        raise UploadRefused(_("The file is not a valid .xlsx workbook.")) from None
    if inflated > limits.max_inflated_bytes:
        raise UploadRefused(_("The workbook unpacks to %(size)s MB; at most %(limit)s MB is accepted. Save it "
                              "again without empty formatted rows, or split it.")
                            % {"size": f"{inflated / MB:.0f}",
                               "limit": f"{limits.max_inflated_bytes / MB:g}"})  # fmt: skip


def check_upload(data: bytes | Path, filename: str, limits: UploadLimits) -> None:
    """Size and inflated size: everything that can be checked before reading a row (``data``: the bytes,
    or the path of a file kept on disk, which is not read whole)."""
    check_size(data.stat().st_size if isinstance(data, Path) else len(data), limits)
    check_inflated_size(data, filename, limits)


# --- an upload kept between its preview and its confirmation -------------------------------------------
PENDING_TTL_SECONDS = 2 * 3600
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32,64}")


@dataclass(frozen=True)
class PendingUpload:
    """A file kept under ``MEDIA_ROOT/imports/pending`` for one user and one purpose (an importer)."""

    token: str
    path: Path
    filename: str
    sha256: str
    user_id: int | None
    purpose: str
    created: float

    def read(self) -> bytes:
        """The kept bytes; :class:`UploadRefused` if they are gone or no longer match their SHA-256."""
        try:
            data = self.path.read_bytes()
        except OSError:
            raise UploadRefused(_("The uploaded file is no longer available; upload it again.")) from None
        if hashlib.sha256(data).hexdigest() != self.sha256:
            raise UploadRefused(_("The uploaded file is no longer available; upload it again."))
        return data


def _pending_folder() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports" / "pending"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _remove_expired(folder: Path) -> None:
    limit = time.time() - PENDING_TTL_SECONDS
    for path in folder.iterdir():
        try:
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
        except OSError:  # removed by another process meanwhile
            continue


def keep_pending(data: bytes, filename: str, user: Any, purpose: str) -> PendingUpload:
    """Keep ``data`` until its confirmation (at most :data:`PENDING_TTL_SECONDS`), bound to ``user``,
    ``purpose`` and the file's SHA-256; returns it with its random token."""
    folder = _pending_folder()
    _remove_expired(folder)
    token = secrets.token_urlsafe(32)
    pending = PendingUpload(token=token, path=folder / f"{token}.data", filename=PurePath(filename).name[:255],
                            sha256=hashlib.sha256(data).hexdigest(), user_id=getattr(user, "pk", None),
                            purpose=purpose, created=time.time())  # fmt: skip
    pending.path.write_bytes(data)
    meta = {"filename": pending.filename, "sha256": pending.sha256, "user_id": pending.user_id,
            "purpose": purpose, "created": pending.created}  # fmt: skip
    (folder / f"{token}.json").write_text(json.dumps(meta), encoding="utf-8")
    return pending


def find_pending(token: str, user: Any, purpose: str) -> PendingUpload:
    """The upload kept under ``token`` for this user and purpose; :class:`UploadRefused` when the token is
    unknown, expired, another user's or another importer's."""
    gone = UploadRefused(_("This preview has expired or belongs to another upload; upload the file again."))
    if not _TOKEN.fullmatch(token or ""):
        raise gone
    folder = _pending_folder()
    try:
        meta = json.loads((folder / f"{token}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise gone from None
    if (meta.get("user_id") != getattr(user, "pk", None) or meta.get("purpose") != purpose
            or time.time() - float(meta.get("created", 0)) > PENDING_TTL_SECONDS):  # fmt: skip
        raise gone
    return PendingUpload(token=token, path=folder / f"{token}.data", filename=meta["filename"], sha256=meta["sha256"],
                         user_id=meta["user_id"], purpose=purpose, created=float(meta["created"]))  # fmt: skip


def discard_pending(pending: PendingUpload) -> None:
    pending.path.unlink(missing_ok=True)
    pending.path.with_suffix(".json").unlink(missing_ok=True)

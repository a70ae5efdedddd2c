"""Caps on uploaded files, declared per importer and stated on its upload page (issue #16, defect 4).

A file is refused before it is parsed when it is too large, when an Excel workbook would inflate
beyond ``max_inflated_bytes`` (a zip bomb), and while it is read, as soon as it passes ``max_rows``
or ``max_cells`` (rows × columns). Each importer declares its :class:`UploadLimits`; the upload page
shows :meth:`UploadLimits.describe` so users know the rules before they try.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

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


def check_inflated_size(data: bytes, filename: str, limits: UploadLimits) -> None:
    """Refuse a workbook whose parts would inflate beyond the cap, reading only the zip directory."""
    if PurePath(filename).suffix.lower() not in {".xlsx", ".xlsm"}:
        return
    limits = limits.scaled()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise UploadRefused(_("The file is not a valid .xlsx workbook.")) from None
    if inflated > limits.max_inflated_bytes:
        raise UploadRefused(_("The workbook unpacks to %(size)s MB; at most %(limit)s MB is accepted. Save it "
                              "again without empty formatted rows, or split it.")
                            % {"size": f"{inflated / MB:.0f}",
                               "limit": f"{limits.max_inflated_bytes / MB:g}"})  # fmt: skip


def check_upload(data: bytes, filename: str, limits: UploadLimits) -> None:
    """Size and inflated size: everything that can be checked before reading a row."""
    check_size(len(data), limits)
    check_inflated_size(data, filename, limits)

"""Uploaded attachments (inspection records, work-plan evidence): what is accepted and how it is served.

An attachment is accepted only when its *content* is one of an allow-list of document and image kinds
(the name and the browser's declared type are not trusted), it agrees with its file name extension,
carries no HTML/SVG/script markup (polyglots), and is within the size cap. It is served back only through a
permission-checked view as a download (``Content-Disposition: attachment``), with ``nosniff`` and a
sandboxing Content-Security-Policy, never from /media/ on the site's origin.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import IO, Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _

__all__ = [
    "DEFAULT_POLICY",
    "AttachmentField",
    "AttachmentKind",
    "AttachmentPolicy",
    "attachment_response",
    "sniff_kind",
    "validate_attachment",
]

MB = 1024 * 1024


@dataclass(frozen=True)
class AttachmentKind:
    """One accepted kind of file: its name, the type it is served with and the extensions it may carry."""

    key: str
    label: Any  # str or a lazy translation
    content_type: str
    extensions: tuple[str, ...]


PDF = AttachmentKind("pdf", "PDF", "application/pdf", (".pdf",))
JPEG = AttachmentKind("jpeg", "JPEG", "image/jpeg", (".jpg", ".jpeg"))
PNG = AttachmentKind("png", "PNG", "image/png", (".png",))
WEBP = AttachmentKind("webp", "WebP", "image/webp", (".webp",))
DOCX = AttachmentKind(
    "docx", "Word (.docx)", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)
)
XLSX = AttachmentKind(
    "xlsx", "Excel (.xlsx)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)
)
DOC = AttachmentKind("doc", "Word (.doc)", "application/msword", (".doc",))
XLS = AttachmentKind("xls", "Excel (.xls)", "application/vnd.ms-excel", (".xls",))
TEXT = AttachmentKind("text", _("plain text"), "text/plain; charset=utf-8", (".txt",))

ALL_KINDS: tuple[AttachmentKind, ...] = (PDF, JPEG, PNG, WEBP, DOCX, XLSX, DOC, XLS, TEXT)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Markup a browser (or an SVG/HTML viewer) would run, wherever it sits in the file: a polyglot is refused.
_ACTIVE_MARKUP = re.compile(
    rb"<\s*(?:script|html|svg|iframe|object|embed|body|!doctype\s+html|\?xml-stylesheet)\b|javascript:", re.IGNORECASE
)


@dataclass(frozen=True)
class AttachmentPolicy:
    """Which kinds are accepted and how large a file may be."""

    kinds: tuple[AttachmentKind, ...] = ALL_KINDS
    max_bytes: int = 20 * MB
    max_zip_entries: int = 2000
    max_zip_inflated: int = 200 * MB
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def describe(self) -> str:
        """The upload page's help text: the accepted kinds and the size cap."""
        names = ", ".join(str(kind.label) for kind in self.kinds)
        return str(_("Accepted: %(kinds)s; at most %(size)s MB.")) % {
            "kinds": names,
            "size": f"{self.max_bytes / MB:g}",
        }

    @property
    def accept(self) -> str:
        """The value of the file input's ``accept`` attribute (a hint only: the content is checked)."""
        return ",".join(ext for kind in self.kinds for ext in kind.extensions)


DEFAULT_POLICY = AttachmentPolicy()


def _zip_kind(stream: IO[bytes], policy: AttachmentPolicy) -> AttachmentKind | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            infos = archive.infolist()
            if len(infos) > policy.max_zip_entries or sum(i.file_size for i in infos) > policy.max_zip_inflated:
                return None
            names = {info.filename for info in infos}
            if "[Content_Types].xml" not in names:
                return None
            types = archive.read("[Content_Types].xml")
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, NotImplementedError, EOFError):
        return None
    if "word/document.xml" in names and b"wordprocessingml.document.main+xml" in types:
        return DOCX
    if "xl/workbook.xml" in names and (b"spreadsheetml.sheet.main+xml" in types):
        return XLSX
    return None


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return all(ch.isprintable() or ch in "\r\n\t\f" for ch in text)
    return False


def sniff_kind(data: bytes, name: str = "", policy: AttachmentPolicy = DEFAULT_POLICY) -> AttachmentKind | None:
    """The allow-listed kind of these bytes, or None. ``name`` decides only between look-alike kinds."""
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    kind: AttachmentKind | None = None
    if data.startswith(b"%PDF-"):
        kind = PDF
    elif data.startswith(b"\xff\xd8\xff"):
        kind = JPEG
    elif data.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = PNG
    elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        kind = WEBP
    elif data.startswith(b"PK\x03\x04"):
        kind = _zip_kind(io.BytesIO(data), policy)
    elif data.startswith(_OLE_MAGIC):
        kind = XLS if extension == ".xls" else DOC if extension == ".doc" else None
    elif extension in TEXT.extensions and _is_text(data):
        kind = TEXT
    if kind is None or kind not in policy.kinds:
        return None
    if kind not in (DOCX, XLSX) and _ACTIVE_MARKUP.search(data):
        return None  # a polyglot: a valid header with HTML or SVG markup inside
    return kind


def _read_all(upload: Any, limit: int) -> bytes:
    upload.seek(0)
    data = upload.read(limit + 1)
    upload.seek(0)
    return bytes(data)


def validate_attachment(upload: UploadedFile, policy: AttachmentPolicy = DEFAULT_POLICY) -> AttachmentKind:
    """The kind of an uploaded attachment; ValidationError (localised) if it is refused."""
    size = upload.size or 0
    if size > policy.max_bytes:
        raise ValidationError(
            _("The file is larger than %(size)s MB."), code="too_large", params={"size": f"{policy.max_bytes / MB:g}"}
        )
    data = _read_all(upload, policy.max_bytes)
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    if len(data) > policy.max_bytes:
        raise ValidationError(
            _("The file is larger than %(size)s MB."), code="too_large", params={"size": f"{policy.max_bytes / MB:g}"}
        )
    name = upload.name or ""
    kind = sniff_kind(data, name, policy)
    if kind is None:
        raise ValidationError(
            _("This kind of file is not accepted. %(accepted)s"),
            code="kind",
            params={"accepted": policy.describe()},
        )
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if extension not in kind.extensions:
        raise ValidationError(
            _("The file's name does not match its content (%(kind)s): name it with %(extension)s."),
            code="extension",
            params={"kind": kind.label, "extension": kind.extensions[0]},
        )
    return kind


class AttachmentField(forms.FileField):
    """A file field that accepts only what ``validate_attachment`` accepts (content sniffed, size capped)."""

    def __init__(self, *args: Any, policy: AttachmentPolicy = DEFAULT_POLICY, **kwargs: Any) -> None:
        self.policy = policy
        kwargs.setdefault("help_text", policy.describe())
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", policy.accept)

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if isinstance(upload, UploadedFile):
            validate_attachment(upload, self.policy)
        return upload


def _safe_download_name(name: str, kind: AttachmentKind | None) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '"\r\n;') or "attachment"
    if kind is not None and not base.lower().endswith(kind.extensions):
        base += kind.extensions[0]
    if kind is None and not base.lower().endswith(".bin"):
        base += ".bin"
    return base


def attachment_response(
    field_file: FieldFile, download_name: str | None = None, policy: AttachmentPolicy = DEFAULT_POLICY
) -> FileResponse:
    """A stored attachment as a download: never rendered by the browser, never run as active content.

    The file is sniffed again on the way out (a file stored before the policy existed may be anything):
    an allow-listed kind is served with its own type, anything else as ``application/octet-stream``.
    """
    handle = field_file.open("rb")
    head = handle.read(policy.max_bytes + 1)
    handle.seek(0)
    kind = sniff_kind(bytes(head), field_file.name or "", policy) if len(head) <= policy.max_bytes else None
    name = _safe_download_name(download_name or field_file.name or "attachment", kind)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type=kind.content_type if kind else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return response

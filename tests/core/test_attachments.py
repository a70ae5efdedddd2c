"""Uploaded attachments: accepted by content against an allow-list, capped, served only as downloads (defect 10)."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile

from npgov.core.attachments import (
    DEFAULT_POLICY,
    AttachmentField,
    AttachmentPolicy,
    attachment_response,
    validate_attachment,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
WEBP = b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 16
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64


def office(kind: str) -> bytes:
    main = {
        "docx": (
            "word/document.xml",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        ),
        "xlsx": ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
    }[kind]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'<?xml version="1.0"?><Types><Override PartName="/{main[0]}" ContentType="{main[1]}"/></Types>',
        )
        archive.writestr(main[0], "<x/>")
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("report.pdf", PDF, "pdf"),
        ("photo.PNG", PNG, "png"),
        ("photo.jpg", JPEG, "jpeg"),
        ("photo.jpeg", JPEG, "jpeg"),
        ("photo.webp", WEBP, "webp"),
        ("record.docx", office("docx"), "docx"),
        ("table.xlsx", office("xlsx"), "xlsx"),
        ("old.doc", OLE, "doc"),
        ("old.xls", OLE, "xls"),
        ("note.txt", "现场检查记录：合格\r\n".encode(), "text"),
        ("note.txt", "现场检查记录".encode("gb18030"), "text"),
    ],
)
def test_it_accepts_documents_and_images_by_content(name: str, content: bytes, kind: str) -> None:
    assert validate_attachment(upload(name, content)).key == kind


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("page.html", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("evidence.pdf", b"<html><body><script>alert(1)</script></body></html>"),  # HTML named .pdf
        ("image.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("image.png", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'),
        ("poly.pdf", PDF + b"<script>alert(document.cookie)</script>"),  # polyglot: PDF header, HTML inside
        ("poly.jpg", JPEG + b"<svg onload=alert(1)>"),
        ("poly.png", PNG + b"<HTML><BODY>"),
        ("note.txt", b"hello <script>alert(1)</script>"),
        ("run.exe", b"MZ\x90\x00" + b"\x00" * 64),
        ("archive.zip", b"PK\x03\x04" + b"\x00" * 64),  # a zip that is not an office document
        ("old.ppt", OLE),  # OLE but not an accepted kind
        ("photo.gif", b"GIF89a" + b"\x00" * 16),
        ("empty.pdf", b""),
        ("binary.txt", b"\x00\x01\x02\x03"),
    ],
)
def test_it_refuses_active_content_polyglots_and_other_kinds(name: str, content: bytes) -> None:
    with pytest.raises(ValidationError):
        validate_attachment(upload(name, content))


def test_a_name_that_does_not_match_the_content_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_attachment(upload("photo.html", PNG))
    assert caught.value.code == "extension"


def test_it_caps_the_size() -> None:
    policy = AttachmentPolicy(max_bytes=1024)
    with pytest.raises(ValidationError) as caught:
        validate_attachment(upload("big.pdf", PDF + b"0" * 2048), policy)
    assert caught.value.code == "too_large"
    assert DEFAULT_POLICY.max_bytes == 20 * 1024 * 1024


def test_the_form_field_validates_and_describes_the_policy() -> None:
    field = AttachmentField(required=False)
    assert "PDF" in str(field.help_text) and ".pdf" in field.widget.attrs["accept"]
    assert field.clean(upload("a.pdf", PDF)).name == "a.pdf"
    with pytest.raises(ValidationError):
        field.clean(upload("a.html", b"<html></html>"))


def test_a_download_is_an_attachment_never_active_content(tmp_path) -> None:  # type: ignore[no-untyped-def]
    storage = FileSystemStorage(location=tmp_path)
    from django.db.models.fields.files import FieldFile, FileField

    field = FileField(storage=storage)
    field.storage = storage
    stored_pdf = FieldFile(None, field, storage.save("a/report.pdf", ContentFile(PDF)))
    stored_html = FieldFile(None, field, storage.save("a/page.html", ContentFile(b"<html><script>x</script>")))

    response = attachment_response(stored_pdf, download_name="现场记录.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    response.file_to_stream.close()  # type: ignore[attr-defined]

    # a file stored before the policy (or by someone else) is served as bytes, never as HTML
    response = attachment_response(stored_html, download_name="page.html")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;") and ".bin" in response["Content-Disposition"]
    response.file_to_stream.close()  # type: ignore[attr-defined]

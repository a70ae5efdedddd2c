"""Work-plan evidence: checked by content on upload, downloaded through a permission-checked view (defect 10)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from npgov.workplan.models import ProgressReport
from tests.conftest import Personas, client_for
from tests.workplan.test_progress import dispatch

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def answer_with(client, report: ProgressReport, name: str, content: bytes):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {"status": "in_progress", "percent_done": 40, "text": "已完成部分工作"}
    data["evidence"] = SimpleUploadedFile(name, content, content_type="application/pdf")  # type: ignore[assignment]
    return client.post(reverse("workplan:report_edit", args=[report.pk]), data)


def test_html_svg_and_polyglot_evidence_is_refused(personas: Personas) -> None:
    request = dispatch(client_for(personas.bureau), "D-T08", due=date(2099, 1, 1))
    report = request.reports.get(department__code="dl-ara")
    department = client_for(personas.department)
    for name, content in [
        ("evidence.html", b"<html><script>alert(1)</script></html>"),
        ("evidence.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("evidence.pdf", PDF + b"<script>alert(1)</script>"),
    ]:
        response = answer_with(department, report, name, content)
        assert response.status_code == 200 and "invalid-feedback" in response.content.decode()
    report.refresh_from_db()
    assert not report.evidence and report.submitted_at is None


def test_evidence_is_downloaded_by_those_who_see_the_answer_and_no_one_else(personas: Personas) -> None:
    request = dispatch(client_for(personas.bureau), "D-T08", due=date(2099, 1, 1))
    report = request.reports.get(department__code="dl-ara")
    assert answer_with(client_for(personas.department), report, "记录.pdf", PDF).status_code == 302
    report.refresh_from_db()
    url = reverse("workplan:report_evidence", args=[report.pk])
    # the bureau finds the link on the request's page and downloads the file
    assert url in client_for(personas.bureau).get(request.get_absolute_url()).content.decode()
    for user in (personas.bureau, personas.department):
        response = client_for(user).get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff" and response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == PDF
    for user in (personas.enterprise, personas.expert):
        assert client_for(user).get(url).status_code in (403, 404)
    assert client_for(None).get(url).status_code == 302
    # the stored file is not reachable under /media/ on the site's origin
    assert client_for(personas.bureau).get("/media/" + report.evidence.name).status_code == 404


def test_a_report_without_evidence_has_no_download(personas: Personas) -> None:
    request = dispatch(client_for(personas.bureau), "D-T08", due=date(2099, 1, 1))
    report = request.reports.get(department__code="dl-ara")
    assert client_for(personas.bureau).get(reverse("workplan:report_evidence", args=[report.pk])).status_code == 404

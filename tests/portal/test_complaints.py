"""Filing a complaint (举报) through the portal form and the API; abuse protection; the public status by code."""

from __future__ import annotations

import io
import time
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from PIL import Image

from npgov.portal.complaints import forms
from npgov.portal.complaints.models import Complaint, ComplaintStep
from npgov.portal.complaints.services import CODE_ALPHABET, normalise_code
from tests.portal.factories_complaints import ComplaintFactory, ComplaintPhotoFactory, ComplaintStepFactory

pytestmark = pytest.mark.django_db

GANJINGZI = (38.9541, 121.4648)
NEW = "/portal/complaints/new/"
API = "/api/portal/complaints/"


def jpeg(*, gps: bool = False, size: tuple[int, int] = (40, 30), name: str = "photo.jpg") -> SimpleUploadedFile:
    image = Image.new("RGB", size, "red")
    buffer = io.BytesIO()
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "TestCam"
        exif[0x8825] = {1: "N", 2: (38.0, 57.0, 15.0), 3: "E", 4: (121.0, 27.0, 53.0)}
        image.save(buffer, "JPEG", exif=exif.tobytes())
    else:
        image.save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def form_data(**extra: Any) -> dict[str, Any]:
    data = {
        "topic": "pesticide",
        "description": "沟渠里丢弃了农药包装瓶，还有残液",
        "address": "营城子街道",
        "latitude": str(GANJINGZI[0]),
        "longitude": str(GANJINGZI[1]),
        "district": "",
        "occurred_on": "",
        "contact_name": "王先生",
        "contact_phone": "138 0000 0000",
        "contact_email": "wang@example.com",
        "website": "",
        "started": forms.form_token(at=time.time() - 60),
    }
    data.update(extra)
    return data


def file_by_form(client: Client | None = None, **extra: Any) -> Any:
    return (client or Client()).post(NEW, form_data(**extra))


# --- the form ----------------------------------------------------------------------------------------------
def test_the_form_renders_with_a_csrf_token_and_is_not_cached(org: None) -> None:
    response = Client().get(NEW)
    assert response.status_code == 200
    body = response.content.decode()
    assert "csrfmiddlewaretoken" in body and 'name="website"' in body and 'name="started"' in body
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    assert "X-Cache" not in response


def test_filing_by_form_gives_a_tracking_code_and_the_done_page_shows_it(org: None) -> None:
    client = Client()
    response = file_by_form(client, photos=[jpeg()])
    assert response.status_code == 302 and response["Location"] == reverse("portal:complaint_done")
    complaint = Complaint.objects.get()
    code = complaint.tracking_code
    assert len(code) == 14 and code.startswith("JB") and set(code[2:]) <= set(CODE_ALPHABET)
    assert complaint.channel == "web" and complaint.photos.count() == 1 and len(complaint.client_fingerprint) == 64
    assert complaint.client_fingerprint != "127.0.0.1" and "127.0.0.1" not in complaint.client_fingerprint
    done = client.get(reverse("portal:complaint_done"))
    assert done.status_code == 200 and code in done.content.decode()
    assert f"?code={code}" in done.content.decode()


def test_tracking_codes_differ() -> None:
    from npgov.portal.complaints.services import new_tracking_code

    assert len({new_tracking_code() for _i in range(200)}) == 200


def test_the_honeypot_refuses(org: None) -> None:
    response = file_by_form(website="http://spam.example")
    assert response.status_code == 400 and not Complaint.objects.exists()
    assert 'id="complaint-refused"' in response.content.decode()


def test_a_form_sent_too_fast_is_refused(org: None) -> None:
    response = file_by_form(started=forms.form_token())
    assert response.status_code == 400 and not Complaint.objects.exists()
    # a forged or missing timestamp is refused too
    assert file_by_form(started="1700000000").status_code == 400
    assert file_by_form(started="").status_code == 400
    assert not Complaint.objects.exists()


def test_where_is_required(org: None) -> None:
    response = file_by_form(address="", latitude="", longitude="")
    assert response.status_code == 400 and not Complaint.objects.exists()
    # a district alone is enough
    assert file_by_form(address="", latitude="", longitude="", district="210211").status_code == 302


@pytest.mark.parametrize(
    ("field", "value"),
    [("latitude", "nan"), ("latitude", "inf"), ("latitude", "95"), ("longitude", "1e308"), ("topic", "spam"),
     ("occurred_on", "2999-01-01"), ("contact_phone", "call me"), ("contact_email", "not-an-email")],
)  # fmt: skip
def test_values_out_of_range_are_refused(org: None, field: str, value: str) -> None:
    assert file_by_form(**{field: value}).status_code == 400
    assert not Complaint.objects.exists()


def test_a_lone_coordinate_is_refused(org: None) -> None:
    assert file_by_form(longitude="").status_code == 400


# --- photos ------------------------------------------------------------------------------------------------
def test_a_text_file_named_jpg_is_refused_with_its_name(org: None) -> None:
    fake = SimpleUploadedFile("evil.jpg", b"not an image at all", content_type="image/jpeg")
    response = file_by_form(photos=[fake])
    assert response.status_code == 400 and not Complaint.objects.exists()
    assert "evil.jpg" in response.content.decode()


def test_exif_gps_is_stripped(org: None) -> None:
    original = jpeg(gps=True)
    assert Image.open(io.BytesIO(original.read())).getexif().get_ifd(0x8825)
    original.seek(0)
    assert file_by_form(photos=[original]).status_code == 302
    photo = Complaint.objects.get().photos.get()
    with photo.image.open("rb") as handle:
        stored = Image.open(io.BytesIO(handle.read()))
        assert stored.format == "JPEG"
        assert dict(stored.getexif()) == {} and not stored.info.get("exif")
    assert "photo" not in photo.image.name  # the stored name does not carry the reporter's file name


def test_four_photos_are_refused_naming_them(org: None) -> None:
    photos = [jpeg(name=f"p{i}.jpg") for i in range(4)]
    response = file_by_form(photos=photos)
    assert response.status_code == 400 and not Complaint.objects.exists()
    assert "p3.jpg" in response.content.decode()


def test_an_oversize_photo_is_refused(org: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forms, "PHOTO_MAX_BYTES", 500)
    response = file_by_form(photos=[jpeg(size=(400, 400), name="big.jpg")])
    assert response.status_code == 400 and "big.jpg" in response.content.decode()
    assert not Complaint.objects.exists()


def test_an_oversize_request_is_refused(org: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forms, "MAX_REQUEST_BYTES", 1000)
    response = file_by_form(photos=[jpeg(size=(300, 300))])
    assert response.status_code == 413 and not Complaint.objects.exists()
    api = Client().post(API, {"topic": "other", "description": "一段描述文字", "address": "x",
                              "photos": [jpeg(size=(300, 300))]})  # fmt: skip
    assert api.status_code == 413


# --- the API -----------------------------------------------------------------------------------------------
def test_api_filing_by_json(org: None) -> None:
    body = {"topic": "emission", "description": "河边排水口有刺鼻气味", "latitude": GANJINGZI[0],
            "longitude": GANJINGZI[1], "contact_phone": "13800000000"}  # fmt: skip
    response = Client().post(API, body, content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()
    complaint = Complaint.objects.get()
    assert data["tracking_code"] == complaint.tracking_code and data["status"] == "routed"
    assert data["status_url"].endswith(f"/portal/complaints/status/?code={complaint.tracking_code}")
    assert complaint.channel == "api" and complaint.district.code == "210211"


def test_api_filing_by_multipart_with_a_photo(org: None) -> None:
    body = {"topic": "pesticide", "description": "农资店卖无标签农药", "district": "210211",
            "photos": [jpeg(gps=True)]}  # fmt: skip
    response = Client().post(API, body)
    assert response.status_code == 201, response.content
    complaint = Complaint.objects.get(tracking_code=response.json()["tracking_code"])
    assert complaint.photos.count() == 1 and complaint.department.code == "dl-ara"


def test_api_field_errors(org: None) -> None:
    response = Client().post(API, {"topic": "nope", "description": ""}, content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()) >= {"topic", "description"}
    nested = Client().post(
        API, {"topic": "other", "description": ["a"], "address": "x"}, content_type="application/json"
    )
    assert nested.status_code == 400 and "description" in nested.json()
    photos_in_json = Client().post(API, {"topic": "other", "description": "一段描述文字", "address": "x",
                                         "photos": ["x"]}, content_type="application/json")  # fmt: skip
    assert photos_in_json.status_code == 400 and "photos" in photos_in_json.json()
    fake = SimpleUploadedFile("evil.jpg", b"<?php echo 1;", content_type="image/jpeg")
    bad_photo = Client().post(API, {"topic": "other", "description": "一段描述文字", "address": "x", "photos": [fake]})
    assert bad_photo.status_code == 400 and "evil.jpg" in bad_photo.json()["photos"][0]
    not_an_object = Client().post(API, ["topic", "other"], content_type="application/json")
    assert not_an_object.status_code == 400 and "non_field_errors" in not_an_object.json()
    assert not Complaint.objects.exists()


def test_api_is_in_the_openapi_schema_with_the_portal_tag(db: None) -> None:
    schema = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    create = schema["paths"]["/api/portal/complaints/"]["post"]
    status = schema["paths"]["/api/portal/complaints/{tracking_code}/"]["get"]
    assert create["tags"] == ["portal"] and status["tags"] == ["portal"]
    assert "201" in create["responses"] and "429" in create["responses"] and "404" in status["responses"]
    assert {"application/json", "multipart/form-data"} <= set(create["requestBody"]["content"])


# --- rate limit ----------------------------------------------------------------------------------------------
@override_settings(PORTAL_COMPLAINTS_PER_HOUR=3, PORTAL_COMPLAINTS_PER_DAY=10)
def test_the_form_and_the_api_share_the_limit(org: None) -> None:
    client = Client()
    assert file_by_form(client).status_code == 302
    assert file_by_form(client).status_code == 302
    body = {"topic": "other", "description": "一段描述文字", "address": "某地"}
    assert client.post(API, body, content_type="application/json").status_code == 201
    refused = file_by_form(client)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert 'id="too-many"' in refused.content.decode()
    api = client.post(API, body, content_type="application/json")
    assert api.status_code == 429 and int(api["Retry-After"]) > 0 and api.json()["retry_after"] > 0
    assert Complaint.objects.count() == 3
    # another client is not affected
    assert Client(REMOTE_ADDR="10.9.9.9").post(API, body, content_type="application/json").status_code == 201


@override_settings(PORTAL_COMPLAINTS_PER_HOUR=1, PORTAL_COMPLAINTS_PER_DAY=10)
def test_forwarded_for_is_ignored_unless_behind_a_proxy(org: None) -> None:
    body = {"topic": "other", "description": "一段描述文字", "address": "某地"}
    assert Client().post(API, body, content_type="application/json", HTTP_X_FORWARDED_FOR="1.1.1.1").status_code == 201
    spoofed = Client().post(API, body, content_type="application/json", HTTP_X_FORWARDED_FOR="2.2.2.2")
    assert spoofed.status_code == 429
    with override_settings(BEHIND_TLS_PROXY=True):
        forwarded = Client().post(API, body, content_type="application/json", HTTP_X_FORWARDED_FOR="3.3.3.3")
        assert forwarded.status_code == 201
        # the proxy appends the address it saw: what the client put in front of it does not make a new client
        spoofed = Client().post(API, body, content_type="application/json", HTTP_X_FORWARDED_FOR="9.9.9.9, 3.3.3.3")
        assert spoofed.status_code == 429


@override_settings(PORTAL_STATUS_LOOKUPS_PER_HOUR=3)
def test_status_lookups_are_throttled(org: None) -> None:
    client = Client()
    for _i in range(3):
        assert client.get(reverse("portal:complaint_status"), {"code": "JB2222222222ZZ"}).status_code == 404
    assert client.get(reverse("portal:complaint_status"), {"code": "JB2222222222ZZ"}).status_code == 429
    assert client.get("/api/portal/complaints/JB2222222222ZZ/").status_code == 429


# --- the public status -------------------------------------------------------------------------------------
def _answered_complaint() -> Complaint:
    complaint = ComplaintFactory(status=Complaint.Status.REPLIED, public_reply="已清理完毕，感谢监督。")
    ComplaintStepFactory(complaint=complaint, kind=ComplaintStep.Kind.RECEIVED)
    ComplaintStepFactory(complaint=complaint, kind=ComplaintStep.Kind.ROUTED, department=complaint.department,
                         internal_note="内部：涉及张三的农资店")  # fmt: skip
    ComplaintStepFactory(complaint=complaint, kind=ComplaintStep.Kind.REPLIED, public_note="现场核查完毕")
    ComplaintPhotoFactory(complaint=complaint)
    return complaint


PRIVATE = ("王先生", "13800000000", "wang@example.com", "f" * 64, "内部：涉及张三", "photo", "营城子街道", "沟渠里")


def test_the_status_page_shows_steps_and_reply_but_nothing_private(personas: Any) -> None:
    complaint = _answered_complaint()
    complaint.handler = personas.department
    complaint.save()
    response = Client().get(reverse("portal:complaint_status"), {"code": complaint.tracking_code.lower()})
    assert response.status_code == 200
    body = response.content.decode()
    assert "已清理完毕，感谢监督。" in body and "现场核查完毕" in body and "大连市农业农村局" in body
    for secret in (*PRIVATE, personas.department.username, str(personas.department)):
        assert secret not in body, secret
    assert "/portal/complaints/photos/" not in body


def test_the_status_api_shows_nothing_private(personas: Any) -> None:
    complaint = _answered_complaint()
    response = Client().get(f"/api/portal/complaints/{complaint.tracking_code}/")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "replied" and data["reply"] == "已清理完毕，感谢监督。"
    assert [s["note"] for s in data["steps"]] == ["", "", "现场核查完毕"]
    text = response.content.decode()
    for secret in PRIVATE:
        assert secret not in text, secret


def test_an_unknown_code_is_a_friendly_404(org: None) -> None:
    response = Client().get(reverse("portal:complaint_status"), {"code": "JB-2222-2222-22ZZ"})
    assert response.status_code == 404 and 'id="status-not-found"' in response.content.decode()
    assert Client().get("/api/portal/complaints/JB2222222222ZZ/").status_code == 404
    assert Client().get("/api/portal/complaints/nonsense/").status_code == 404


def test_the_lookup_form_without_a_code(org: None) -> None:
    response = Client().get(reverse("portal:complaint_status"))
    assert response.status_code == 200 and 'id="status-form"' in response.content.decode()


def test_codes_are_normalised() -> None:
    assert normalise_code(" jb-abcd efgh 2345 ") == "JBABCDEFGH2345"


def test_the_done_page_without_a_complaint_sends_back_to_the_form(org: None) -> None:
    response = Client().get(reverse("portal:complaint_done"))
    assert response.status_code == 302 and response["Location"] == reverse("portal:complaint_new")


def test_status_query_count_is_bounded(org: None, django_assert_max_num_queries: Any) -> None:
    complaint = _answered_complaint()
    for _i in range(10):
        ComplaintStepFactory(complaint=complaint, kind=ComplaintStep.Kind.REASSIGNED, department=complaint.department)
    with django_assert_max_num_queries(4):
        assert Client().get(f"/api/portal/complaints/{complaint.tracking_code}/").status_code == 200

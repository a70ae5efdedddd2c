"""Article images: uploads checked by content and re-encoded; served only for published articles (or editors)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from npgov.portal.articles.models import ArticleImage
from tests.conftest import Personas, client_for
from tests.portal.factories_articles import ArticleFactory, ArticleImageFactory, png_bytes

pytestmark = pytest.mark.django_db


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x8825] = {1: "N", 2: (39.0, 0.0, 0.0)}  # GPS IFD
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def _upload(client: Any, article_pk: int, content: bytes, name: str = "a.jpg", alt: str = "示意图") -> Any:
    return client.post(
        reverse("portal:article_image_upload", args=[article_pk]),
        {"image": SimpleUploadedFile(name, content, content_type="image/jpeg"), "alt": alt},
    )


def test_an_upload_is_re_encoded_without_its_metadata(personas: Personas) -> None:
    article = ArticleFactory()
    original = _jpeg_with_gps()
    assert b"CameraMaker" in original and b"Exif" in original
    response = _upload(client_for(personas.bureau), article.pk, original)
    image = ArticleImage.objects.get(article=article)
    assert response.status_code == 302 and response["Location"].endswith(f"#image-{image.pk}")
    stored = image.image.read()
    assert b"CameraMaker" not in stored and b"Exif" not in stored
    assert (image.width, image.height, image.content_type, image.alt) == (40, 30, "image/jpeg", "示意图")
    assert image.uploaded_by == personas.bureau


@pytest.mark.parametrize(
    "content",
    [b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", b"GIF89a" + b"\x00" * 20,
     b"%PDF-1.4 not an image", b"\x89PNG\r\n\x1a\n" + b"\x00" * 10],
)  # fmt: skip
def test_it_refuses_a_file_that_is_not_an_accepted_image(personas: Personas, content: bytes) -> None:
    article = ArticleFactory()
    response = _upload(client_for(personas.bureau), article.pk, content, name="photo.jpg")
    assert response.status_code == 400
    assert response.context["image_form"].errors["image"]
    assert not ArticleImage.objects.exists()


def test_it_refuses_an_image_without_a_description(personas: Personas) -> None:
    article = ArticleFactory()
    response = _upload(client_for(personas.bureau), article.pk, png_bytes(), name="a.png", alt="  ")
    assert response.status_code == 400 and response.context["image_form"].errors["alt"]
    assert not ArticleImage.objects.exists()


def test_it_refuses_a_too_large_file(personas: Personas, settings: Any) -> None:
    article = ArticleFactory()
    big = png_bytes() + b"\x00" * (8 * 1024 * 1024)
    response = _upload(client_for(personas.bureau), article.pk, big, name="a.png")
    assert response.status_code == 400 and not ArticleImage.objects.exists()


@pytest.mark.parametrize("role", ["department", "district", "enterprise", "expert"])
def test_only_editors_upload(personas: Personas, role: str) -> None:
    article = ArticleFactory()
    assert _upload(client_for(personas.get(role)), article.pk, png_bytes(), name="a.png").status_code == 403
    assert not ArticleImage.objects.exists()


def test_the_edit_page_shows_the_snippet_to_paste(personas: Personas) -> None:
    image = ArticleImageFactory(alt="检测点位")
    body = client_for(personas.bureau).get(reverse("portal:article_edit", args=[image.article_id])).content.decode()
    assert f"![检测点位]({reverse('portal:article_image', args=[image.pk])})" in body


# --- serving ------------------------------------------------------------------------------------------------------
def test_a_published_articles_image_is_public_with_a_long_cache(django_assert_max_num_queries: Any) -> None:
    image = ArticleImageFactory(article=ArticleFactory(published=True))
    with django_assert_max_num_queries(2):
        response = client_for(None).get(reverse("portal:article_image", args=[image.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "max-age=31536000" in response["Cache-Control"] and "public" in response["Cache-Control"]
    assert response.content == image.image.open("rb").read()


@pytest.mark.parametrize("role", ["anonymous", "department", "district", "enterprise", "expert"])
def test_a_drafts_image_is_not_found_for_others(personas: Personas, role: str) -> None:
    image = ArticleImageFactory()  # a draft's
    assert client_for(personas.get(role)).get(reverse("portal:article_image", args=[image.pk])).status_code == 404


def test_the_bureau_sees_a_drafts_image_privately(personas: Personas) -> None:
    image = ArticleImageFactory()
    response = client_for(personas.bureau).get(reverse("portal:article_image", args=[image.pk]))
    assert response.status_code == 200 and "private" in response["Cache-Control"]


def test_an_unknown_image_is_not_found() -> None:
    assert client_for(None).get(reverse("portal:article_image", args=[999999])).status_code == 404


# --- deleting -----------------------------------------------------------------------------------------------------
def test_the_bureau_deletes_an_image_and_its_file(personas: Personas, django_capture_on_commit_callbacks: Any) -> None:
    image = ArticleImageFactory(article=ArticleFactory(published=True))
    storage, name = image.image.storage, image.image.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(personas.bureau).post(reverse("portal:article_image_delete", args=[image.pk]))
    assert response.status_code == 302
    assert not ArticleImage.objects.filter(pk=image.pk).exists() and not storage.exists(name)
    assert client_for(None).get(reverse("portal:article_image", args=[image.pk])).status_code == 404


@pytest.mark.parametrize("role", ["department", "district", "enterprise", "expert"])
def test_only_editors_delete_images(personas: Personas, role: str) -> None:
    image = ArticleImageFactory()
    response = client_for(personas.get(role)).post(reverse("portal:article_image_delete", args=[image.pk]))
    assert response.status_code == 403 and ArticleImage.objects.filter(pk=image.pk).exists()

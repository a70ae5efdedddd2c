"""factory_boy factories of the portal's science articles."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from npgov.portal.articles.models import Article, ArticleImage


def png_bytes(size: tuple[int, int] = (8, 6), colour: tuple[int, int, int] = (20, 120, 80)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


class ArticleFactory(factory.django.DjangoModelFactory):
    """A draft; ``published=True`` publishes it (a day ago unless ``published_at`` is given)."""

    class Meta:
        model = Article
        skip_postgeneration_save = True  # the hook only sets a many-to-many relation

    title = factory.Sequence(lambda n: f"科普文章{n}")
    category = Article.Category.BASICS
    summary = "一两句话的摘要。"
    body = "## 小标题\n\n正文第一段。"
    status = Article.Status.DRAFT
    published_at = None

    class Params:
        published = factory.Trait(
            status=Article.Status.PUBLISHED,
            published_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1)),
        )

    @factory.post_generation
    def substances(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.substances.set(extracted)


class ArticleImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArticleImage

    article = factory.SubFactory(ArticleFactory)
    image = factory.LazyFunction(lambda: ContentFile(png_bytes(), name="test.png"))
    alt = "示意图"
    content_type = "image/png"
    width = 8
    height = 6

"""Reads of science articles (科普): published rows for the portal and substance cards, all rows for the editor."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from npgov.portal.articles.models import Article, ArticleImage

if TYPE_CHECKING:
    from npgov.core.types import AnyUser

__all__ = [
    "article_image_for",
    "article_image_urls",
    "article_images",
    "article_manage_list",
    "article_published_get",
    "published_article_rows",
    "articles_related",
    "published_articles",
    "published_articles_for_substance",
]


def _published() -> QuerySet[Article]:
    return Article.objects.filter(status=Article.Status.PUBLISHED).order_by("-published_at", "-pk")


def published_articles(limit: int | None = None, category: str | None = None) -> QuerySet[Article]:
    """Published articles, newest first; ``category`` (a stored code) filters, ``limit`` bounds the rows.

    Without a limit the queryset is unsliced, so that a page can paginate it.
    """
    qs = _published()
    if category:
        qs = qs.filter(category=category)
    if limit is not None:
        return qs[: max(0, int(limit))]
    return qs


def published_articles_for_substance(substance_id: int, limit: int = 5) -> list[Article]:
    """The newest published articles linked to a substance (for its substance card), at most ``limit``."""
    qs = _published().filter(substances__pk=substance_id).distinct()
    return list(qs[: max(0, int(limit))])


def article_published_get(*, pk: int) -> Article | None:
    """The published article with this id, or None (a draft is not public, whoever asks)."""
    return _published().filter(pk=pk).first()


def articles_related(*, article: Article, limit: int = 3) -> list[Article]:
    """Other published articles sharing a substance or, failing that, the category; newest first."""
    substance_ids = list(article.substances.values_list("pk", flat=True))
    qs = _published().exclude(pk=article.pk)
    if substance_ids:
        shared = list(qs.filter(substances__pk__in=substance_ids).distinct()[:limit])
        if len(shared) >= limit:
            return shared
        rest = qs.filter(category=article.category).exclude(pk__in=[a.pk for a in shared])[: limit - len(shared)]
        return shared + list(rest)
    return list(qs.filter(category=article.category)[:limit])


def article_manage_list(*, user: AnyUser, status: str = "", category: str = "", text: str = "") -> QuerySet[Article]:
    """The articles the user may change, drafts first then newest, filtered by status, category and words."""
    qs = Article.objects.restrict(user, "change").select_related("author")
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    if text:
        qs = qs.filter(Q(title__icontains=text) | Q(summary__icontains=text))
    return qs.order_by("status", "-published_at", "-updated_at", "-pk")


def article_images(*, article: Article) -> list[ArticleImage]:
    return list(article.images.order_by("pk"))


def article_image_urls(*, images: list[ArticleImage]) -> list[str]:
    """The addresses the article's text may use for its images (the only images it may show)."""
    return [reverse("portal:article_image", args=[image.pk]) for image in images]


def article_image_for(*, pk: int, user: AnyUser) -> ArticleImage | None:
    """The image if its article is published, or if the user may edit articles (drafts' images); else None."""
    image = ArticleImage.objects.select_related("article").filter(pk=pk).first()
    if image is None:
        return None
    if image.article.status == Article.Status.PUBLISHED:
        return image
    return image if Article.objects.restrict(user, "change").filter(pk=image.article_id).exists() else None


def published_article_rows() -> list[dict[str, str]]:
    """The open-data rows of the published articles (what the list shows), newest first; one query."""
    rows = []
    for article in _published().only("pk", "title", "category", "summary", "published_at"):
        rows.append({
            "title": article.title, "category": str(article.get_category_display()), "summary": article.summary,
            "published_at": timezone.localtime(article.published_at).isoformat(timespec="seconds")
            if article.published_at else "",
            "url": article.get_absolute_url(),
        })  # fmt: skip
    return rows

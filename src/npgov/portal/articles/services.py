"""Writes of science articles: save, publish and unpublish (each refreshes the portal's cache), add images."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from npgov.core.exceptions import ApplicationError
from npgov.core.pagecache import invalidate_portal
from npgov.core.permissions import ensure_visible
from npgov.portal.articles.models import Article, ArticleImage
from npgov.portal.images import clean_image

if TYPE_CHECKING:
    from npgov.core.models import User

__all__ = ["article_image_add", "article_image_delete", "article_publish", "article_save", "article_unpublish"]


def _history(article: Article, user: User | None, reason: str) -> None:
    article._history_user = user
    article._change_reason = reason[:100]


@transaction.atomic
def article_save(*, article: Article, substances: Iterable[Any], user: User, reason: str = "") -> Article:
    """Create or change an article (its text, category and substances); a published one refreshes the portal.

    Writes the article and its history row; on commit, makes every cached portal page stale when the
    article is public.
    """
    creating = article.pk is None
    if creating:
        article.author = user
        article.status = Article.Status.DRAFT
        article.published_at = None
    _history(article, user, reason)
    article.full_clean()
    article.save()
    article.substances.set(list(substances))
    ensure_visible(user, [article], "add" if creating else "change")
    if article.status == Article.Status.PUBLISHED:
        transaction.on_commit(invalidate_portal)
    return article


@transaction.atomic
def article_publish(*, article: Article, user: User) -> Article:
    """Publish a draft: it appears on the portal from now on (published_at is now); refreshes the portal."""
    if article.status == Article.Status.PUBLISHED:
        raise ApplicationError(_("This article is already published."))
    if not article.body.strip():
        raise ApplicationError(_("Write the text before publishing."))
    article.status, article.published_at = Article.Status.PUBLISHED, timezone.now()
    _history(article, user, pgettext("change reason", "published"))
    article.save(update_fields=["status", "published_at", "updated_at"])
    ensure_visible(user, [article], "change")
    transaction.on_commit(invalidate_portal)
    return article


@transaction.atomic
def article_unpublish(*, article: Article, user: User) -> Article:
    """Take a published article back to draft: it leaves the portal at once; refreshes the portal."""
    if article.status != Article.Status.PUBLISHED:
        raise ApplicationError(_("Only a published article can be taken back to draft."))
    article.status, article.published_at = Article.Status.DRAFT, None
    _history(article, user, pgettext("change reason", "taken back to draft"))
    article.save(update_fields=["status", "published_at", "updated_at"])
    ensure_visible(user, [article], "change")
    transaction.on_commit(invalidate_portal)
    return article


@transaction.atomic
def article_image_add(*, article: Article, upload: IO[bytes], alt: str, user: User) -> ArticleImage:
    """Store an image of the article, checked by content and re-encoded without its metadata.

    Raises ValidationError when the file is not an accepted image (see portal/images.py).
    """
    ensure_visible(user, [article], "change")
    cleaned = clean_image(upload)
    image = ArticleImage(article=article, alt=alt.strip(), content_type=cleaned.content_type,
                         width=cleaned.width, height=cleaned.height, uploaded_by=user)  # fmt: skip
    image.image.save(f"{uuid.uuid4().hex}.{cleaned.extension}", ContentFile(cleaned.content), save=False)
    image.full_clean()
    image.save()
    return image


@transaction.atomic
def article_image_delete(*, image: ArticleImage, user: User) -> None:
    """Delete an image of the article and its file; where the text still points at it, its description shows.

    Refreshes the portal when the article is published (its page no longer shows the image).
    """
    article = image.article
    ensure_visible(user, [article], "change")
    storage, name = image.image.storage, image.image.name
    image.delete()
    transaction.on_commit(lambda: storage.delete(name) if name else None)
    if article.status == Article.Status.PUBLISHED:
        transaction.on_commit(invalidate_portal)

"""Who may reach the portal's articles routes (merged into tests/core/test_access_matrix.py).

Public pages (list, published article, its images) are open to everyone; the editor is the bureau's
(sysadmin and bureau; every other role gets 403, the public the login page). POST-only routes answer 405 to a GET.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.access_expectations import METHOD, NOT_ALLOWED, OK, page
from tests.conftest import Personas

EDITOR = {"others": NOT_ALLOWED}
POST_ONLY = {"admin": METHOD, "others": METHOD}

EXPECTED_ARTICLES: dict[str, dict[str, Any]] = {
    "portal:article_list": page(public=OK),
    "portal:article_detail": page(public=OK, target="article_published"),
    "portal:article_image": page(public=OK, target="article_image_published"),
    "portal:article_manage": page(**EDITOR),
    "portal:article_add": page(**EDITOR),
    "portal:article_edit": page(**EDITOR, target="article_draft"),
    "portal:article_preview": page(**POST_ONLY),
    "portal:article_publish": page(**POST_ONLY, target="article_draft"),
    "portal:article_image_upload": page(**POST_ONLY, target="article_draft"),
    "portal:article_image_delete": page(**POST_ONLY, target="article_image_published"),
}


def targets(personas: Personas) -> dict[str, Callable[[], Any]]:
    from tests.portal.factories_articles import ArticleFactory, ArticleImageFactory

    published = ArticleFactory(published=True)
    draft = ArticleFactory()
    image = ArticleImageFactory(article=published)
    return {
        "article_published": lambda: published.pk,
        "article_draft": lambda: draft.pk,
        "article_image_published": lambda: image.pk,
    }

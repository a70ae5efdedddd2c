"""Science articles: the bureau's editor, publication, the public pages, selectors and the open-data rows."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from npgov.core.pagecache import portal_version
from npgov.portal.articles import selectors, services
from npgov.portal.articles.models import Article
from npgov.portal.opendata import DATASETS
from npgov.substances.selectors import substance_by_cas
from tests.conftest import Personas, client_for
from tests.portal.factories_articles import ArticleFactory
from tests.substances.factories import SubstanceFactory

pytestmark = pytest.mark.django_db

OFFICIALS_NOT_EDITING = ("department", "district", "enterprise", "expert")


def _form(**overrides: Any) -> dict[str, Any]:
    data = {"title": "什么是新污染物", "category": "basics", "summary": "摘要", "body": "## 标题\n\n正文"}
    data.update(overrides)
    return data


# --- editor permissions ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", OFFICIALS_NOT_EDITING)
def test_it_refuses_the_editor_to_other_roles(personas: Personas, role: str) -> None:
    client = client_for(personas.get(role))
    draft = ArticleFactory()
    assert client.get(reverse("portal:article_manage")).status_code == 403
    assert client.post(reverse("portal:article_add"), _form()).status_code == 403
    assert client.post(reverse("portal:article_preview"), {"body": "x"}).status_code == 403
    assert client.post(reverse("portal:article_publish", args=[draft.pk]), {"action": "publish"}).status_code == 403
    draft.refresh_from_db()
    assert draft.status == "draft" and not Article.objects.filter(title="什么是新污染物").exists()


def test_it_sends_the_public_to_the_login_page_for_the_editor() -> None:
    response = client_for(None).get(reverse("portal:article_manage"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_bureau_writes_a_draft_with_substances(personas: Personas) -> None:
    pfos = substance_by_cas(cas="1763-23-1")
    response = client_for(personas.bureau).post(
        reverse("portal:article_add"), _form(substances=[pfos.pk], _change_reason="初稿")
    )
    article = Article.objects.get(title="什么是新污染物")
    assert response.status_code == 302 and response["Location"] == reverse("portal:article_edit", args=[article.pk])
    assert article.status == "draft" and article.published_at is None and article.author == personas.bureau
    assert list(article.substances.all()) == [pfos]
    assert article.history.first().history_change_reason == "初稿"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"title": "  "}, "title"), ({"body": " \n "}, "body"), ({"body": "x" * 50001}, "body"),
     ({"category": "gossip"}, "category"), ({"summary": "长" * 301}, "summary")],
)  # fmt: skip
def test_it_refuses_an_invalid_article(personas: Personas, overrides: dict[str, str], field: str) -> None:
    response = client_for(personas.bureau).post(reverse("portal:article_add"), _form(**overrides))
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not Article.objects.exists()


def test_the_manage_list_filters_and_searches(personas: Personas, django_assert_max_num_queries: Any) -> None:
    ArticleFactory(title="全氟化合物是什么", category="health", published=True)
    ArticleFactory(title="二氯甲烷", category="policy")
    ArticleFactory.create_batch(30, category="qa")
    client = client_for(personas.bureau)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("portal:article_manage"), {"status": "draft", "category": "policy"})
    assert [a.title for a in response.context["page"].object_list] == ["二氯甲烷"]
    found = client.get(reverse("portal:article_manage"), {"q": "全氟"}).context["page"].object_list
    assert [a.title for a in found] == ["全氟化合物是什么"]
    paged = client.get(reverse("portal:article_manage"), {"category": "qa", "page": "2"})
    assert len(paged.context["page"].object_list) == 5
    bad = client.get(reverse("portal:article_manage"), {"status": "nonsense"})
    assert bad.status_code == 200 and bad.context["page"].paginator.count == 32


def test_the_edit_page_shows_history_and_the_publish_button(personas: Personas) -> None:
    draft = ArticleFactory()
    response = client_for(personas.bureau).get(reverse("portal:article_edit", args=[draft.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="history-panel"' in body and 'id="article-publish"' in body
    assert reverse("portal:article_preview") in body  # the live preview posts there


# --- preview --------------------------------------------------------------------------------------------------------
def test_the_preview_answers_sanitised_html(personas: Personas) -> None:
    response = client_for(personas.bureau).post(
        reverse("portal:article_preview"), {"body": "**粗体** <script>alert(1)</script> [x](javascript:alert(1))"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>粗体</strong>" in html
    assert "<script" not in html and "javascript:" not in html


def test_the_preview_shows_the_articles_own_images_only(personas: Personas) -> None:
    from tests.portal.factories_articles import ArticleImageFactory

    image = ArticleImageFactory()
    other = ArticleImageFactory()
    own_url = reverse("portal:article_image", args=[image.pk])
    other_url = reverse("portal:article_image", args=[other.pk])
    body = f"![自己]({own_url}) ![别人]({other_url})"
    html = (
        client_for(personas.bureau)
        .post(reverse("portal:article_preview"), {"body": body, "article": image.article_id})
        .content.decode()
    )
    assert f'src="{own_url}"' in html and other_url not in html


def test_the_preview_refuses_an_overlong_text(personas: Personas) -> None:
    response = client_for(personas.bureau).post(reverse("portal:article_preview"), {"body": "x" * 50001})
    assert response.status_code == 200 and "alert-warning" in response.content.decode()


# --- publication ----------------------------------------------------------------------------------------------------
def test_publishing_shows_the_article_and_refreshes_the_portal(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    draft = ArticleFactory(title="待发布")
    public = client_for(None)
    assert public.get(reverse("portal:article_list")).status_code == 200  # cached without the draft
    before = portal_version()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(personas.bureau).post(
            reverse("portal:article_publish", args=[draft.pk]), {"action": "publish"}
        )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "published" and draft.published_at is not None
    assert portal_version() > before
    assert "待发布" in public.get(reverse("portal:article_list")).content.decode()
    assert public.get(draft.get_absolute_url()).status_code == 200


def test_unpublishing_takes_the_article_off_the_portal(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    article = ArticleFactory(published=True, title="将撤回")
    public = client_for(None)
    assert public.get(article.get_absolute_url()).status_code == 200  # now in the cache
    with django_capture_on_commit_callbacks(execute=True):
        client_for(personas.bureau).post(reverse("portal:article_publish", args=[article.pk]), {"action": "unpublish"})
    article.refresh_from_db()
    assert article.status == "draft" and article.published_at is None
    assert public.get(article.get_absolute_url()).status_code == 404
    assert "将撤回" not in public.get(reverse("portal:article_list")).content.decode()
    assert article.history.count() == 2  # created, then taken back


def test_it_refuses_to_publish_twice(personas: Personas) -> None:
    article = ArticleFactory(published=True)
    first = article.published_at
    response = client_for(personas.bureau).post(
        reverse("portal:article_publish", args=[article.pk]), {"action": "publish"}, follow=True
    )
    article.refresh_from_db()
    assert article.published_at == first
    assert any("already published" in str(m) or "已发布" in str(m) for m in response.context["messages"])


def test_editing_a_published_article_refreshes_the_portal(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    article = ArticleFactory(published=True, title="旧标题")
    public = client_for(None)
    assert "旧标题" in public.get(article.get_absolute_url()).content.decode()  # now in the cache
    before = portal_version()
    article.title = "新标题"
    with django_capture_on_commit_callbacks(execute=True):
        services.article_save(article=article, substances=[], user=personas.bureau)
    assert portal_version() > before
    assert "新标题" in public.get(article.get_absolute_url()).content.decode()


# --- public pages ---------------------------------------------------------------------------------------------------
def test_the_public_list_shows_published_articles_newest_first(django_assert_max_num_queries: Any) -> None:
    older = ArticleFactory(published=True, title="旧文")
    newer = ArticleFactory(published=True, title="新文")
    newer.published_at = older.published_at.replace(year=older.published_at.year + 1)
    newer.save()
    ArticleFactory(title="草稿文章")
    with django_assert_max_num_queries(4):
        response = client_for(None).get(reverse("portal:article_list"))
    titles = [a.title for a in response.context["page"].object_list]
    assert titles == ["新文", "旧文"]
    assert "草稿文章" not in response.content.decode()
    assert response["Cache-Control"].startswith("public") or "public" in response["Cache-Control"]


def test_the_public_list_filters_by_category_and_ignores_unknown_ones() -> None:
    ArticleFactory(published=True, category="health", title="健康")
    ArticleFactory(published=True, category="policy", title="政策")
    client = client_for(None)
    health = client.get(reverse("portal:article_list"), {"category": "health"})
    assert [a.title for a in health.context["page"].object_list] == ["健康"]
    unknown = client.get(reverse("portal:article_list"), {"category": "<script>"})
    assert unknown.status_code == 200 and len(unknown.context["page"].object_list) == 2
    assert "<script>" not in unknown.content.decode()


@pytest.mark.parametrize("role", ["anonymous", "bureau", "sysadmin", "department"])
def test_a_draft_is_not_found_on_the_public_page_whoever_asks(personas: Personas, role: str) -> None:
    draft = ArticleFactory()
    assert client_for(personas.get(role)).get(reverse("portal:article_detail", args=[draft.pk])).status_code == 404


def test_the_article_page_links_substances_and_related_articles(django_assert_max_num_queries: Any) -> None:
    pfos = substance_by_cas(cas="1763-23-1")
    unlisted = SubstanceFactory()
    article = ArticleFactory(published=True, title="PFOS", body="## 是什么\n\n<b>粗</b>", substances=[pfos, unlisted])
    related = ArticleFactory(published=True, title="相关文章", substances=[pfos])
    ArticleFactory(title="相关草稿", substances=[pfos])
    with django_assert_max_num_queries(10):
        response = client_for(None).get(article.get_absolute_url())
    body = response.content.decode()
    assert ">是什么</h2>" in body and "&lt;b&gt;粗&lt;/b&gt;" in body
    assert pfos.name_zh in body and related.title in body and "相关草稿" not in body
    links = {row["substance"].pk: row["url"] for row in response.context["substances"]}
    assert links[pfos.pk] == reverse("portal:substance_card", args=[pfos.pk])  # a listed substance has a card
    assert links[unlisted.pk] is None and unlisted.name_zh in body  # no card: named, not linked


# --- selectors and open data ----------------------------------------------------------------------------------------
def test_published_articles_for_substance_are_bounded_and_newest_first(django_assert_max_num_queries: Any) -> None:
    nonylphenol = substance_by_cas(cas="25154-52-3")
    ArticleFactory.create_batch(7, published=True, substances=[nonylphenol])
    ArticleFactory(substances=[nonylphenol])  # a draft
    ArticleFactory(published=True)  # another substance's
    with django_assert_max_num_queries(1):
        rows = selectors.published_articles_for_substance(nonylphenol.pk, limit=5)
    assert len(rows) == 5
    assert all(a.status == "published" for a in rows)
    assert [a.published_at for a in rows] == sorted((a.published_at for a in rows), reverse=True)
    assert selectors.published_articles_for_substance(substance_by_cas(cas="75-09-2").pk) == []


def test_published_articles_limit_and_category() -> None:
    ArticleFactory.create_batch(3, published=True, category="qa")
    ArticleFactory(published=True, category="policy")
    ArticleFactory(category="qa")
    assert len(selectors.published_articles(limit=2)) == 2
    assert selectors.published_articles(category="qa").count() == 3


def test_the_dataset_holds_published_articles_only() -> None:
    ArticleFactory(published=True, title="公开文章", category="health", summary="摘要")
    ArticleFactory(title="草稿")
    dataset = DATASETS["science-articles"]
    rows = list(dataset.rows())
    assert [row["title"] for row in rows] == ["公开文章"]
    assert rows[0]["category"] in ("Health and daily life", "健康与生活") and rows[0]["category"] != "health"
    assert rows[0]["url"].startswith("/portal/articles/") and rows[0]["published_at"]
    assert {key for key, _label in dataset.columns} == set(rows[0])


def test_unpublish_service_refuses_a_draft(personas: Personas) -> None:
    from npgov.core.exceptions import ApplicationError

    with pytest.raises(ApplicationError):
        services.article_unpublish(article=ArticleFactory(), user=personas.bureau)

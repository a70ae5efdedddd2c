"""The demo articles and the article area's registrations (menu item, dataset, demo step)."""

from __future__ import annotations

import pytest

from npgov.core.registry import registry
from npgov.portal.articles import demo
from npgov.portal.articles.markdown import render
from npgov.portal.articles.models import Article
from npgov.portal.opendata import DATASETS
from tests.conftest import Personas

pytestmark = pytest.mark.django_db


def test_the_demo_loads_published_articles_and_a_draft_once(personas: Personas) -> None:
    assert demo.load().startswith("6 created")
    assert demo.load() == "0 created, 6 existing"
    assert Article.objects.filter(status="published").count() == 5
    assert Article.objects.filter(status="draft").count() == 1
    pfas = Article.objects.get(title=demo.PFAS.title)
    assert set(pfas.substances.values_list("cas", flat=True)) == set(demo.PFAS.cas)
    dates = list(Article.objects.filter(status="published").values_list("published_at", flat=True))
    assert len(set(dates)) == 5  # staggered publication dates


def test_every_demo_article_renders_to_sanitised_markdown() -> None:
    for spec in demo.ARTICLES:
        html = render(spec.body)
        assert html.startswith(("<h2 ", "<p>"))
        assert len(spec.summary) <= 300 and len(spec.title) <= 120
        assert spec.category in Article.Category.values


def test_the_demo_cites_the_national_list_where_it_states_its_measures() -> None:
    for spec in (demo.PFAS, demo.ANTIBIOTICS, demo.NONYLPHENOL, demo.DCM):
        assert "《重点管控新污染物清单（2023年版）》" in spec.body


def test_the_area_registers_its_menu_item_dataset_and_demo_step() -> None:
    (item,) = [i for i in registry.nav if i.url_name == "portal:article_manage"]
    assert item.section == "portal" and set(item.roles) == {"sysadmin", "bureau"}
    assert DATASETS["science-articles"].page_url_name == "portal:article_list"
    assert any(step.key == "portal-articles-demo" and step.demo_only for step in registry.data_steps)

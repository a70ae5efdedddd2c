"""Article text rendering: Markdown in, sanitised HTML out (XSS payloads neutralised)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from npgov.portal.articles.markdown import render

OWN = "/portal/articles/images/7/"


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    """The (tag, attributes) of every element, as a browser would parse them."""
    parser = _Elements()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
        "<svg onload=alert(1)>",
        "<iframe src=https://evil.example></iframe>",
        '<div style="background:url(javascript:alert(1))">x</div>',
        "<<script>script>alert(1)<</script>/script>",
    ],
)
def test_it_shows_raw_html_as_text(payload: str) -> None:
    html = render(f"前文 {payload} 后文")
    assert [tag for tag, _attrs in elements(html)] == ["p"]  # the payload is text inside the paragraph
    assert elements(html)[0][1] == {}
    assert "前文" in html and "后文" in html


@pytest.mark.parametrize(
    "link",
    ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "java&#115;cript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=",
     "vbscript:msgbox(1)"],
)  # fmt: skip
def test_it_drops_links_that_are_not_http_or_relative(link: str) -> None:
    html = render(f"[点我]({link})")
    assert "href" not in html
    assert "点我" in html


def test_it_keeps_http_https_and_relative_links_with_noopener() -> None:
    html = render("[a](https://www.mee.gov.cn/) [b](http://example.cn/x) [c](/portal/articles/)")
    assert html.count('rel="noopener noreferrer"') == 3
    assert 'href="https://www.mee.gov.cn/"' in html and 'href="/portal/articles/"' in html


def test_no_element_carries_an_event_handler_or_style() -> None:
    html = render('[x](https://a.cn){onclick=alert(1)} ![i](/portal/articles/images/7/){: onerror="x"}',
                  image_urls=[OWN])  # fmt: skip
    for _tag, attrs in elements(html):
        assert not [name for name in attrs if name.startswith("on") or name == "style"]


def test_it_keeps_only_the_articles_own_images() -> None:
    html = render(
        f"![自己的图]({OWN}) ![外站](https://evil.example/p.png) "
        "![内嵌](data:image/png;base64,AAAA) ![别的](/media/x.png)",
        image_urls=[OWN],
    )
    assert html.count("<img") == 1
    assert f'src="{OWN}"' in html and 'alt="自己的图"' in html
    assert "evil.example" not in html and "data:" not in html and "/media/" not in html
    assert "外站" in html and "内嵌" in html  # a foreign image becomes its description


def test_it_drops_every_image_when_the_article_has_none() -> None:
    assert "<img" not in render(f"![图]({OWN})")


def test_an_image_description_cannot_break_out_of_its_attribute() -> None:
    html = render(f'![x" onerror="alert(1)]({OWN})', image_urls=[OWN])
    (image,) = [attrs for tag, attrs in elements(html) if tag == "img"]
    assert set(image) == {"alt", "src", "class", "loading"}
    assert image["alt"] == 'x" onerror="alert(1)'  # all of it is the description


def test_it_renders_headings_lists_tables_and_quotes_within_the_allow_list() -> None:
    html = render(
        "# 大标题\n\n### 小标题\n\n- 一\n- 二\n\n1. 甲\n\n> 引用\n\n"
        "| 物质 | 措施 |\n|---|---|\n| PFOS | 禁止生产 |\n\n**粗** *斜*"
    )
    assert "<h1" not in html and '<h2 class="h4 mt-4">大标题</h2>' in html and ">小标题</h3>" in html
    for tag in ("<ul>", "<ol>", "<li>", "<blockquote>", "<table", "<th>", "<td>", "<strong>", "<em>"):
        assert tag in html


def test_it_strips_attributes_outside_the_allow_list() -> None:
    html = render('[x](https://a.cn "标题")')
    assert 'title="标题"' in html
    assert "style=" not in render("| a |\n|:-:|\n| b |")


def test_empty_text_renders_empty() -> None:
    assert render("") == ""

"""Article text: Markdown written by the bureau, rendered to HTML that is safe to put in a public page.

Two layers, so that neither has to be perfect alone:

1. python-markdown with raw HTML switched off (``<script>`` in the text stays visible text), only the
   ``tables`` and ``sane_lists`` extensions, headings kept between h2 and h4 (the page owns h1), and images
   kept only when they point at one of the article's own uploaded images (anything else becomes its
   description as text: no tracking pixels, no ``data:`` URIs, no other site's files);
2. nh3 (the ammonia sanitiser) with an allow-list of tags and attributes: links only to http, https or
   relative URLs, each with ``rel="noopener noreferrer"``; ``img`` only with an allowed ``src``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable

import markdown  # type: ignore[import-untyped]
import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions import Extension  # type: ignore[import-untyped]
from markdown.treeprocessors import Treeprocessor  # type: ignore[import-untyped]

__all__ = ["ALLOWED_TAGS", "render"]

ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a", "blockquote", "img",
    "table", "thead", "tbody", "tr", "th", "td",
})  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"alt"}, "th": {"colspan", "rowspan"},
                      "td": {"colspan", "rowspan"}}  # fmt: skip
URL_SCHEMES = frozenset({"http", "https"})
# Tags removed together with their content (the rest of a disallowed tag's content stays as text).
DROPPED_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "template", "noscript"})
HEADING_SHIFT = {"h1": "h2", "h5": "h4", "h6": "h4"}
# Classes the page's styles need (any class the text tried to set is dropped first).
SET_ATTRIBUTES = {
    "img": {"class": "img-fluid rounded", "loading": "lazy"},
    "table": {"class": "table table-sm table-bordered"},
    "h2": {"class": "h4 mt-4"},
    "h3": {"class": "h5 mt-3"},
    "h4": {"class": "h6 mt-3"},
}


class _ArticleTree(Treeprocessor):
    """Keep headings within h2–h4; replace images that are not the article's own by their description."""

    def __init__(self, md: markdown.Markdown, image_urls: frozenset[str]) -> None:
        super().__init__(md)
        self.image_urls = image_urls

    def run(self, root: ET.Element) -> None:
        foreign = []
        for parent in root.iter():
            for child in parent:
                if child.tag in HEADING_SHIFT:
                    child.tag = HEADING_SHIFT[child.tag]
                elif child.tag == "img" and child.get("src", "") not in self.image_urls:
                    foreign.append((parent, child))
        for parent, image in foreign:
            self._replace_image(parent, image)

    @staticmethod
    def _replace_image(parent: ET.Element, image: ET.Element) -> None:
        text = image.get("alt", "") + (image.tail or "")
        index = list(parent).index(image)
        parent.remove(image)
        if index == 0:
            parent.text = (parent.text or "") + text
        else:
            previous = parent[index - 1]
            previous.tail = (previous.tail or "") + text


class _ArticleExtension(Extension):
    def __init__(self, image_urls: frozenset[str]) -> None:
        super().__init__()
        self.image_urls = image_urls

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802  (python-markdown's name)
        # No raw HTML: block and inline HTML are then plain text, escaped when serialised.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_ArticleTree(md, self.image_urls), "npgov_article", 5)


def render(body: str, *, image_urls: Iterable[str] = ()) -> SafeString:
    """The article text as sanitised HTML; ``image_urls`` are the only image addresses kept.

    The one place that declares article HTML safe for a template: what nh3's allow-list kept.
    """
    allowed = frozenset(image_urls)
    html = markdown.markdown(
        body or "", extensions=["tables", "sane_lists", _ArticleExtension(allowed)], output_format="html"
    )
    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        tag_attribute_values={"img": {"src": set(allowed)}},
        set_tag_attribute_values=SET_ATTRIBUTES,
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return mark_safe(cleaned)  # sanitised by the allow-list above

"""Content-Security-Policy without inline script (defect 6): the header on every page, and no page that would
need more — no inline <script> with code, no on*= attributes, no javascript: links."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client

from npgov.core.models import User
from tests.conftest import Personas, client_for
from tests.core.demo_world import build_demo_world
from tests.core.test_navigation_crawl import ROLES, crawl

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[2] / "src" / "npgov"
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


class _Active(HTMLParser):
    """Collects what a script-src 'self' policy would block: inline scripts, event attributes, javascript: URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._inline: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}={value}>")
        if tag == "script" and not attributes.get("src") and (attributes.get("type") or "") not in DATA_SCRIPT_TYPES:
            self._inline, self._text = tag, []

    def handle_data(self, data: str) -> None:
        if self._inline:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._inline:
            code = "".join(self._text).strip()
            if code:
                self.found.append(f"<script>{code[:60]}…")
            self._inline = None


def active_content(html: str) -> list[str]:
    parser = _Active()
    parser.feed(html)
    return parser.found


def test_the_checker_finds_what_the_policy_would_block() -> None:
    html = (
        '<script>alert(1)</script><script src="/static/a.js"></script><script type="application/json">{}</script>'
        '<button onclick="x()">p</button><a href="javascript:history.back()">b</a><img src=x onerror=alert(1)>'
    )
    assert len(active_content(html)) == 4


def test_no_template_has_inline_script_or_event_attributes() -> None:
    """Every template in the source, including pages the crawl does not reach."""
    found = []
    for template in SRC.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for match in re.finditer(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", text, re.S):
            if "src=" not in match["attrs"] and "application/json" not in match["attrs"] and match["body"].strip():
                found.append(f"{template.relative_to(SRC)}: inline script")
        for match in re.finditer(r"""\son[a-z]+\s*=\s*["']|javascript:""", text):
            found.append(f"{template.relative_to(SRC)}: {match.group(0)!r}")
    assert not found, "\n".join(found)


def test_no_static_script_writes_markup_from_strings() -> None:
    """Project scripts build the DOM with textContent and nodes: no innerHTML/insertAdjacentHTML/document.write,
    map popups and tooltips get DOM nodes, never strings; no eval and no <style> elements made at run time."""
    found = []
    for script in (SRC / "static" / "npgov").rglob("*.js"):
        text = script.read_text(encoding="utf-8")
        for pattern in (r"\.innerHTML\s*=", r"\.outerHTML\s*=", r"insertAdjacentHTML", r"document\.write",
                        r"bind(Popup|Tooltip)\(\s*['\"`]", r"\beval\(", r"new Function\(",
                        r"createElement\(\s*['\"]style"):  # fmt: skip
            found += [f"{script.name}: {m.group(0)}" for m in re.finditer(pattern, text)]
    assert not found, "\n".join(found)


def test_every_page_carries_the_policy(personas: Personas) -> None:
    for client, url in ((client_for(personas.bureau), "/"), (Client(), "/portal/"), (Client(), "/accounts/login/")):
        policy = client.get(url)["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if " " in d.strip())
        assert directives["script-src"] == "'self'", policy
        assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
        assert directives["base-uri"] == "'self'" and directives["form-action"] == "'self'"
        assert "unsafe-inline" not in directives["style-src"] and "unsafe-eval" not in policy
        assert "data:" in directives["img-src"]


def test_the_configured_tile_server_is_allowed_for_images(settings) -> None:  # type: ignore[no-untyped-def]
    from npgov.settings import _tile_source

    assert _tile_source("https://{s}.tiles.example.gov.cn/{z}/{x}/{y}.png") == ["https://*.tiles.example.gov.cn"]
    assert _tile_source("http://10.1.2.3:8080/tiles/{z}/{x}/{y}.png") == ["http://10.1.2.3:8080"]
    assert _tile_source("") == []


def test_no_page_any_role_reaches_needs_inline_script(org: None) -> None:
    """Crawl every role's pages (menu, workspace and one level below) and the public portal: each HTML page has
    the policy header and nothing the policy would block."""
    build_demo_world()
    problems: list[str] = []
    pages = 0

    class Recording(Client):
        def get(self, path, *args, **kwargs):  # type: ignore[no-untyped-def,override]
            nonlocal pages
            response = super().get(path, *args, **kwargs)
            if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
                pages += 1
                if "Content-Security-Policy" not in response:
                    problems.append(f"{path}: no Content-Security-Policy")
                problems.extend(f"{path}: {found}" for found in active_content(response.content.decode()))
            return response

    for username in ROLES.values():
        client = Recording()
        client.force_login(User.objects.get(username=username))
        crawl(client, depth=2)
    crawl(Recording(), start="/portal/", depth=2)
    assert pages > 50, pages
    assert not problems, "\n".join(sorted(set(problems)))

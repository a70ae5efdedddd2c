"""Every link a user is shown leads somewhere they may go (issue #14, item 3).

Signed in as each role on demo-like data, the crawl opens the home page (the workspace), follows every
link of the side menu and of the page, then one level further down from each of those pages (the first
link of each kind: a row's detail page, the add/import/edit buttons), and asserts that none answers
403, 404 or 500. Links are compared by their URL pattern, so a list's 25 detail links cost one request.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve

from npgov.core.models import User
from tests.conftest import Personas, client_for
from tests.core.demo_world import build_demo_world

pytestmark = pytest.mark.django_db

# Links that are not pages: files, downloads, the admin site (not part of the product's navigation).
SKIP_PREFIXES = ("/static/", "/media/", "/admin/")
SKIP_QUERY = ("export=", "template=", "format=")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


def page_links(html: str) -> list[str]:
    """The site's own page links in ``html`` (no fragments, files, downloads or other hosts)."""
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.links:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        if parts.path.startswith(SKIP_PREFIXES) or any(q in parts.query for q in SKIP_QUERY):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return list(dict.fromkeys(found))


def _pattern(url: str) -> str:
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return url
    return match.view_name


@dataclass
class Crawl:
    """What one user's crawl met: every URL opened, with its status and the page that linked to it."""

    visited: dict[str, int] = field(default_factory=dict)
    source: dict[str, str] = field(default_factory=dict)

    @property
    def broken(self) -> list[str]:
        return [f"{self.visited[u]} {u} (linked from {self.source[u]})" for u in self.visited
                if self.visited[u] in (403, 404) or self.visited[u] >= 500]  # fmt: skip


def crawl(client: Client, start: str = "/", depth: int = 3) -> Crawl:
    """Home page → every link on it (menu and workspace) → one link per new URL pattern on each of those pages,
    and so on down to ``depth`` (3: the buttons of a detail page reached from a list)."""
    result = Crawl()
    client.raise_request_exception = False  # a failing page is reported as its 500, with the others

    def get(url: str, source: str) -> str:
        response = client.get(url)
        result.visited[url], result.source[url] = response.status_code, source
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            return ""
        return response.content.decode()

    home = get(start, "login")
    first = [u for u in page_links(home) if u not in result.visited]
    patterns_seen = {_pattern(u) for u in first} | {_pattern(start)}
    pages = [(url, get(url, start)) for url in first]
    for _level in range(depth - 1):
        below = []
        for url, html in pages:
            for link in page_links(html):
                pattern = _pattern(link)
                if link in result.visited or pattern in patterns_seen:
                    continue
                patterns_seen.add(pattern)
                below.append((link, get(link, url)))
        pages = below
    return result


ROLES = {"sysadmin": "admin", "bureau": "bureau", "department": "agri", "district": "district",
         "enterprise": "enterprise", "expert": "expert"}  # role -> demo login


def test_no_link_shown_to_any_role_leads_to_a_403_404_or_500(org: None) -> None:
    """One demo world, six crawls (one per role): every menu item, workspace link and the links below them."""
    started = time.monotonic()
    build_demo_world()
    built = time.monotonic()
    broken, sizes = [], {}
    for role, username in ROLES.items():
        result = crawl(client_for(User.objects.get(username=username)))
        sizes[role] = len(result.visited)
        broken += [f"{role}: {line}" for line in result.broken]
    assert not broken, "\n".join(broken)
    assert min(sizes.values()) > 10, sizes  # the crawl went somewhere for every role
    print(f"demo world {built - started:.1f} s, crawl {time.monotonic() - built:.1f} s, pages {sizes}")


def test_the_menu_leaves_out_pages_the_view_would_refuse(personas: Personas) -> None:
    """Menu items whose list page answers 403 for the role are not shown (the view decides, not a role list)."""
    html = client_for(personas.enterprise).get("/accounts/password/").content.decode()
    links = page_links(html)
    for refused in ("/capacity/funding/", "/capacity/labs/", "/capacity/trainings/", "/workplan/orders/",
                    "/workplan/requests/"):  # fmt: skip
        assert refused not in links
        assert client_for(personas.enterprise).get(refused).status_code == 403
    assert "/compliance/findings/" not in page_links(
        client_for(personas.expert).get("/accounts/password/").content.decode()
    )
    assert "/workplan/orders/" in page_links(client_for(personas.bureau).get("/accounts/password/").content.decode())


def test_the_crawl_reports_a_link_that_is_refused(personas: Personas) -> None:
    """The check can fail: a page answering 403 is reported with the page that linked to it."""
    result = crawl(client_for(personas.enterprise), start="/capacity/funding/", depth=1)
    assert result.broken == ["403 /capacity/funding/ (linked from login)"]


def test_read_only_users_get_no_edit_controls_in_lists(personas: Personas) -> None:
    """The PNEC list has an edit column: the bureau sees it, a district (read-only on reference data) does not."""
    from tests.risk.factories import PnecFactory

    pnec = PnecFactory()
    edit = f"/risk/pnecs/{pnec.pk}/edit/"
    assert edit in page_links(client_for(personas.bureau).get("/risk/pnecs/").content.decode())
    assert edit not in page_links(client_for(personas.district).get("/risk/pnecs/").content.decode())

"""Nothing confidential, unpublished or personal leaves through the portal (issue 15, "Done when").

An anonymous visitor crawls every portal route (namespace ``portal``), the portal API (``api:portal-*``), the
public enforcement pages and every open-data download (``/portal/data/<key>.csv`` and ``.json``) over a world
that holds, each with a unique marker:

- an enterprise's confidential survey quantities (alone on one substance, with one other enterprise on another),
  so that every aggregate the portal could draw from them is over one or two enterprises and must be suppressed;
- a survey report still under review;
- a draft disclosure beside a published one of another enterprise;
- an unpublished science article and its image beside a published one;
- an unpublished random draw, an unpublished case and a priority-list draft beside published ones;
- a complaint with the reporter's name, phone and e-mail, a client fingerprint, a photo, a handler and an
  official's internal note, beside its public reply.

Routes with parameters are tried with every object made here (a guessed id of a draft must not open it). No
marker may appear in any answer (numbers compared with and without thousands separators and rounded), and the
published counterparts must appear somewhere, so that the crawl is known to reach the pages that matter.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from npgov.core.models import Department, District
from npgov.portal.articles.models import Article
from npgov.substances.selectors import substance_by_cas
from tests.conftest import Personas, client_for
from tests.core.factories import UserFactory
from tests.enforcement.factories import CaseFactory, InspectionDrawFactory
from tests.enterprises.factories import EnterpriseFactory
from tests.portal.factories_articles import ArticleFactory, ArticleImageFactory
from tests.portal.factories_complaints import ComplaintFactory, ComplaintPhotoFactory, ComplaintStepFactory
from tests.portal.factories_disclosures import DisclosureFactory, DisclosureLineFactory
from tests.risk.factories import PriorityDraftFactory
from tests.surveys.factories import CampaignFactory, SubmissionFactory, SubmissionLineFactory

pytestmark = pytest.mark.django_db

# --- markers: what must never show (numbers as regular expressions over a page without thousands separators) ----
SECRET_NUMBERS = {  # the value with one or two decimals, rounded, or as an integer
    "enterprise A's quantity of the substance only it uses (t)": r"7713\.[56]|7714(?!\d)|7713579",
    "enterprise A's release to water (kg)": r"6624\.8|6625(?!\d)",
    "enterprise A's quantity of the shared substance (t)": r"3182\.4|3182(?!\d)",
    "enterprise B's quantity of the shared substance (t)": r"2291\.[67]|2292(?!\d)",
    "the shared substance over two enterprises (t)": r"5474\.[01]|5474(?!\d)",
    "Ganjingzi's total over two enterprises (t)": r"13187\.[67]|13188(?!\d)",
    "a report under review (t)": r"4455\.[67]|4456(?!\d)",
    "the draft disclosure's amount (t)": r"5519\.[23]|5519(?!\d)",
}
# a number stands alone: not inside a longer number, a hexadecimal digest (ETag, fingerprint) or an identifier
NUMBER = r"(?<![\w.])(?:{})(?![A-Za-z_])"
SECRET_TEXTS = {
    "draft disclosure treatment": "草稿处理工艺DRAFTTREAT",
    "unpublished article title": "未发布科普HIDDENART",
    "unpublished article body": "草稿正文HIDDENBODY",
    "unpublished article image description": "草稿配图HIDDENIMG",
    "unpublished draw": "未公开抽查HIDDENDRAW",
    "unpublished case number": "CASE-HIDDEN-4711",
    "unpublished case facts": "未公开案情HIDDENFACTS",
    "priority list draft": "清单草案HIDDENPRIORITY",
    "reporter's name": "举报人甄某某",
    "reporter's phone": "13912345678",
    "reporter's e-mail": "reporter-marker@example.org",
    "client fingerprint": "c0ffee" * 10,
    "official's internal note": "内部备注INTERNALNOTE",
    "handler's name": "处理人HANDLERNAME",
    "handler's sign-in name": "handlermarker",
    "photo file": "marker-photo",
    # the photo's folder (upload_to portal/complaints/%Y/%m/): no route path looks like it, whatever the ids
    "a photo's place in the media storage": "portal/complaints/" + date.today().strftime("%Y/%m/"),
}
# What must show somewhere, so that the crawl reaches the pages that hold the secrets' published neighbours.
CONTROLS = {
    "portal:disclosure_detail": "2468.135",  # the published disclosure's amount (public by law)
    "portal:article_detail": "已发布科普PUBLISHEDART",
    "enforcement:public_draws": "已公开抽查PUBLISHEDDRAW",
    "portal:complaint_status": "已责令整改PUBLICREPLY",
    "portal:substance_card": "3001.5",  # three enterprises' total of one substance (public)
}

SEPARATOR = re.compile(r"(?<=\d)[,\u202f\u00a0\u2009 ](?=\d{3}(?!\d))")
PREFIXES = ("portal:", "api:portal-", "enforcement:public_")


@dataclass
class World:
    ints: set[int] = field(default_factory=set)
    strings: set[str] = field(default_factory=set)
    queries: list[str] = field(default_factory=list)
    tracking_code: str = ""


def _surveys(world: World) -> None:
    ganjingzi = District.objects.get(code="210211")
    alone, shared = substance_by_cas(cas="335-67-1"), substance_by_cas(cas="1763-23-1")
    assert alone is not None and shared is not None
    campaign = CampaignFactory(year=2025)
    a = EnterpriseFactory(district=ganjingzi)
    b = EnterpriseFactory(district=ganjingzi)
    c = EnterpriseFactory(district=ganjingzi)
    report_a = SubmissionFactory(campaign=campaign, enterprise=a, status="accepted")
    report_b = SubmissionFactory(campaign=campaign, enterprise=b, status="accepted")
    report_c = SubmissionFactory(campaign=campaign, enterprise=c, status="submitted")
    SubmissionLineFactory(submission=report_a, substance=alone, quantity_t=Decimal("7713.579"),
                          release_water_kg=Decimal("6624.813"))  # fmt: skip
    SubmissionLineFactory(submission=report_a, substance=shared, quantity_t=Decimal("3182.417"))
    SubmissionLineFactory(submission=report_b, substance=shared, quantity_t=Decimal("2291.653"))
    SubmissionLineFactory(submission=report_c, substance=shared, quantity_t=Decimal("4455.661"))
    # three enterprises use a third substance: that aggregate is public (the control that cards show inventories)
    common = substance_by_cas(cas="355-46-4")
    assert common is not None
    for _n in range(3):
        report = SubmissionFactory(campaign=campaign, enterprise=EnterpriseFactory(district=ganjingzi),
                                   status="accepted")  # fmt: skip
        SubmissionLineFactory(submission=report, substance=common, quantity_t=Decimal("1000.5"))
    world.ints.add(common.pk)
    world.ints |= {alone.pk, shared.pk, a.pk, b.pk, c.pk, campaign.pk, report_a.pk, report_c.pk}
    world.strings |= {"2025", ganjingzi.code, alone.cas, shared.cas}
    world.queries += [
        f"district={ganjingzi.code}", f"district={ganjingzi.pk}", f"substance={alone.pk}", f"substance={shared.pk}",
        "year=2025", f"district={ganjingzi.code}&substance={shared.pk}", urlencode({"q": a.name}), f"q={a.uscc}",
        "page=2",
    ]  # fmt: skip


def _disclosures(world: World) -> None:
    substance = substance_by_cas(cas="1763-23-1")
    published = DisclosureFactory(published=True, treatment="活性炭吸附")
    DisclosureLineFactory(disclosure=published, substance=substance, amount_t=Decimal("2468.135"))
    # the same enterprise's correction in the making, and another enterprise's first draft
    treatment = SECRET_TEXTS["draft disclosure treatment"]
    correction = DisclosureFactory(enterprise=published.enterprise, version=2, treatment=treatment)
    DisclosureLineFactory(disclosure=correction, substance=substance, amount_t=Decimal("5519.284"))
    draft = DisclosureFactory(treatment=treatment)
    DisclosureLineFactory(disclosure=draft, substance=substance, amount_t=Decimal("5519.284"), treatment=treatment)
    world.ints |= {published.pk, correction.pk, draft.pk, published.enterprise_id, draft.enterprise_id}
    name = draft.enterprise.name
    world.queries += [urlencode({"q": name}), urlencode({"q": name, "year": 2025})]


def _articles(world: World) -> None:
    substance = substance_by_cas(cas="1763-23-1")
    shown = ArticleFactory(title=CONTROLS["portal:article_detail"], published=True, substances=[substance],
                           body="全氟辛基磺酸是一类持久性有机污染物。")  # fmt: skip
    hidden = ArticleFactory(title=SECRET_TEXTS["unpublished article title"], substances=[substance],
                            body=SECRET_TEXTS["unpublished article body"],
                            summary=SECRET_TEXTS["unpublished article body"])  # fmt: skip
    image = ArticleImageFactory(article=hidden, alt=SECRET_TEXTS["unpublished article image description"])
    shown_image = ArticleImageFactory(article=shown)
    world.ints |= {shown.pk, hidden.pk, image.pk, shown_image.pk}
    world.strings |= set(Article.Category.values)
    world.queries += [f"category={value}" for value in Article.Category.values]


def _enforcement(world: World) -> None:
    shown = InspectionDrawFactory(title=CONTROLS["enforcement:public_draws"], published=True, created_by=None)
    hidden = InspectionDrawFactory(title=SECRET_TEXTS["unpublished draw"], published=False, created_by=None)
    case = CaseFactory(number=SECRET_TEXTS["unpublished case number"], facts=SECRET_TEXTS["unpublished case facts"])
    published_case = CaseFactory(status="decided", published=True, decided_on=date(2025, 8, 1), decision="罚款")
    draft = PriorityDraftFactory(title=SECRET_TEXTS["priority list draft"], status="review", created_by=None)
    world.ints |= {shown.pk, hidden.pk, case.pk, published_case.pk, draft.pk}


def _complaint(world: World, personas: Personas) -> None:
    handler = UserFactory(username=SECRET_TEXTS["handler's sign-in name"], role="department",
                          first_name=SECRET_TEXTS["handler's name"],
                          department=Department.objects.get(code="dl-ara"))  # fmt: skip
    complaint = ComplaintFactory(
        contact_name=SECRET_TEXTS["reporter's name"],
        contact_phone=SECRET_TEXTS["reporter's phone"],
        contact_email=SECRET_TEXTS["reporter's e-mail"],
        client_fingerprint=SECRET_TEXTS["client fingerprint"],
        status="replied",
        department=handler.department,
        handler=handler,
        public_reply=CONTROLS["portal:complaint_status"],
        replied_at=timezone.now(),
    )
    steps = [
        ComplaintStepFactory(complaint=complaint, kind="received"),
        ComplaintStepFactory(
            complaint=complaint,
            kind="routed",
            department=handler.department,
            district=complaint.district,
            public_note="已转办",
        ),  # fmt: skip
        ComplaintStepFactory(
            complaint=complaint, kind="accepted", actor=handler, internal_note=SECRET_TEXTS["official's internal note"]
        ),  # fmt: skip
        ComplaintStepFactory(
            complaint=complaint, kind="replied", actor=handler, internal_note=SECRET_TEXTS["official's internal note"]
        ),  # fmt: skip
    ]
    photo = ComplaintPhotoFactory(complaint=complaint, image__filename=f"{SECRET_TEXTS['photo file']}.jpg")
    world.ints |= {complaint.pk, photo.pk, handler.pk, *(step.pk for step in steps)}
    world.strings.add(complaint.tracking_code)
    world.tracking_code = complaint.tracking_code
    world.queries += [f"code={complaint.tracking_code}", f"code={complaint.tracking_code.lower()}"]


def _world(personas: Personas) -> World:
    from npgov.portal.opendata import DATASETS

    world = World()
    _surveys(world)
    _disclosures(world)
    _articles(world)
    _enforcement(world)
    _complaint(world, personas)
    world.strings |= set(DATASETS)
    world.strings |= {"json", "csv"}
    return world


# --- the crawl ------------------------------------------------------------------------------------------------
def _patterns(
    resolvers: list[Any] | None = None, namespace: str = ""
) -> Iterator[tuple[str, dict[str, Any], list[str]]]:
    """(route name, its parameters' converters, the parameters' names) of every named route."""
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            converters = dict(getattr(entry.pattern, "converters", {}) or {})
            names = list(entry.pattern.regex.groupindex)
            yield f"{namespace}{entry.name}", converters, names


def _candidates(converter: Any, world: World) -> list[Any]:
    if converter is not None and converter.__class__.__name__ == "IntConverter":
        return sorted(world.ints)
    return sorted(world.strings) + [str(i) for i in sorted(world.ints)]


def portal_urls(world: World) -> list[str]:
    from npgov.portal.opendata import DATASETS

    urls: set[str] = {"/"}
    seen_names: set[str] = set()
    for name, converters, params in _patterns():
        if not name.startswith(PREFIXES) or name in seen_names and not params:
            continue
        seen_names.add(name)
        if not params:
            try:
                url = reverse(name)
            except NoReverseMatch:
                continue
            urls.add(url)
            urls.update(f"{url}?{query}" for query in world.queries)
            continue
        params = [p for p in params if p != "format"]
        pools = [_candidates(converters.get(p), world) for p in params]
        for values in itertools.islice(itertools.product(*pools), 2000):
            try:
                urls.add(reverse(name, kwargs=dict(zip(params, values, strict=True))))
            except NoReverseMatch:
                continue
    for key in DATASETS:
        for route in ("portal:dataset_csv", "portal:dataset_json"):
            try:
                urls.add(reverse(route, kwargs={"key": key}))
            except NoReverseMatch:
                try:
                    urls.add(reverse(route, args=[key]))
                except NoReverseMatch:
                    continue
        urls.update({f"/portal/data/{key}.csv", f"/portal/data/{key}.json"})
    return sorted(urls)


def _leaks(body: str) -> list[str]:
    plain = SEPARATOR.sub("", body)
    found = []
    for what, pattern in SECRET_NUMBERS.items():
        match = re.search(NUMBER.format(pattern), plain)
        if match:
            found.append(f"{what} in “{plain[max(0, match.start() - 40) : match.end() + 20]}”")
    found += [what for what, text in SECRET_TEXTS.items() if text in body]
    return found


def test_the_detector_finds_numbers_however_they_are_written() -> None:
    assert [f.split(" in ")[0] for f in _leaks("合计 7,713.58 吨")] == [
        "enterprise A's quantity of the substance only it uses (t)"
    ]
    assert [f.split(" in ")[0] for f in _leaks('{"total_t": "13187.649"}')] == [
        "Ganjingzi's total over two enterprises (t)"
    ]
    assert [f.split(" in ")[0] for f in _leaks("约 5 474 吨")] == ["the shared substance over two enterprises (t)"]
    assert _leaks("联系人：举报人甄某某") == ["reporter's name"]
    assert _leaks("共 3 家企业，合计 —（少于3家企业，不公开）") == []
    assert _leaks("代码 77140 与 57714，ETag a2292e5be6，7714abc") == []
    assert _leaks("约 7714 吨") == ["enterprise A's quantity of the substance only it uses (t) in “约 7714 吨”"]


def test_no_portal_route_or_download_reveals_confidential_unpublished_or_personal_data(personas: Personas) -> None:
    world = _world(personas)
    urls = portal_urls(world)
    assert any(url.startswith("/portal/") for url in urls), "the portal has no routes"
    # The bureau, which sees everything, opens the public pages first: what it is shown must not be what the
    # page cache then serves to the public.
    insider = client_for(personas.bureau)
    insider.raise_request_exception = False
    for url in urls:
        if not url.startswith("/api/"):
            insider.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    client = Client(raise_request_exception=False)
    leaked: dict[str, list[str]] = {}
    errors: list[str] = []
    bodies: dict[str, str] = {}
    for n, url in enumerate(urls):
        # each request from its own address: the crawl is not stopped by the per-client limits of lookups
        address = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans", REMOTE_ADDR=address)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8", errors="replace")
        if response.status_code >= 500:
            errors.append(f"{url}: {response.status_code}")
        if response.status_code == 200:
            bodies[url] = SEPARATOR.sub("", text)
        found = _leaks(text) + _leaks(str(response.headers))
        if found:
            leaked[url] = found
    assert leaked == {}, "\n".join(f"{url}: {', '.join(found)}" for url, found in leaked.items())
    assert errors == [], "server errors: " + ", ".join(errors)
    names = {name for name, _, _ in _patterns()}
    missing = [name for name, text in CONTROLS.items() if name in names and not any(text in b for b in bodies.values())]
    assert missing == [], f"the crawl never showed the published records of {missing}"
    assert len(bodies) >= 10, f"only {len(bodies)} portal pages answered"


def test_photos_drafts_and_the_officials_pages_are_refused_to_the_public(personas: Personas) -> None:
    """What holds no text marker (the image bytes) or answers a page of its own: refused to an anonymous visitor."""
    from npgov.portal.articles.models import ArticleImage
    from npgov.portal.complaints.models import ComplaintPhoto
    from npgov.portal.disclosures.models import Disclosure

    _world(personas)
    photo = ComplaintPhoto.objects.get()
    draft_image = ArticleImage.objects.get(article__status="draft")
    draft_article = draft_image.article
    refused = [
        reverse("portal:complaint_photo", args=[photo.pk]),
        reverse("portal:complaint_detail", args=[photo.complaint_id]),
        reverse("portal:complaint_list"),
        reverse("portal:article_image", args=[draft_image.pk]),
        reverse("portal:article_detail", args=[draft_article.pk]),
        reverse("portal:article_manage"),
        reverse("portal:article_edit", args=[draft_article.pk]),
        reverse("portal:my_disclosures"),
        reverse("portal:disclosure_review"),
        reverse("portal:settings"),
        *(reverse("portal:disclosure_detail", args=[d.pk]) for d in Disclosure.objects.filter(status="draft")),
        f"/media/{photo.image.name}",
        f"/media/{draft_image.image.name}",
    ]
    client = Client(raise_request_exception=False)
    answers = {url: client.get(url).status_code for url in refused}
    assert {url: code for url, code in answers.items() if code not in (302, 401, 403, 404)} == {}
    # the published article's image is public: the refusals above are about the draft, not about images
    shown = ArticleImage.objects.get(article__status="published")
    response = client.get(reverse("portal:article_image", args=[shown.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("image/")

"""Language without leaks (issue #14 item 4): the pages read in Chinese, with no code, note or path showing.

The main pages of every app — every list and form page without parameters, and one detail page per model — are
rendered in zh-hans over the shipped reference data and a record from every factory. The visible text (tags,
scripts and styles stripped; text inside an element marked `lang="en"`, such as a substance's English name shown on
purpose, skipped) must hold no snake_case code, no English word outside a short justified allow-list, no file path,
no "TODO" and no issue number.
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import factory
import pytest
from django.apps import apps
from django.db import DatabaseError, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from npgov.core.models import User
from npgov.regulations.models import RegulatoryList
from tests.conftest import Personas, client_for

pytestmark = pytest.mark.django_db

# Words a Chinese page may show in Latin letters, each for a reason.
ALLOWED = {
    # identifiers of chemistry that have no Chinese form in use
    "CAS": "CAS RN, the registry number every list cites",
    "SMILES": "the structure notation",
    "InChIKey": "ditto",
    "InChI": "ditto",
    # units and unit words
    "day": "part of the unit mg/kg/day (mg/kg·d also in use)",
    "bw": "body weight in mg/kg bw",
    "dw": "dry weight in ng/g dw",
    "ww": "wet weight in ng/g ww",
    # risk assessment terms used as such in Chinese technical guidance (HJ 1282 etc.)
    "PNEC": "predicted no-effect concentration",
    "MEC": "measured concentration",
    "RQ": "risk quotient",
    "HQ": "hazard quotient",
    "RfD": "reference dose",
    "PBT": "persistent, bioaccumulative, toxic (REACH Annex XIII)",
    "vPvB": "very persistent, very bioaccumulative",
    "POPs": "Stockholm Convention",
    "EQS": "environmental quality standard",
    "NOEC": "no observed effect concentration",
    "LC": "LC50",
    "EC": "EC50",
    "ROS": "regression on order statistics",
    "TGD": "the EU Technical Guidance Document, cited by name",
    "BCF": "bioconcentration factor",
    "AF": "assessment factor",
    # methods and scales named after their authors, cited so in Chinese guidance
    "Kaplan": "Kaplan–Meier estimator",
    "Meier": "Kaplan–Meier",
    "Mann": "Mann–Kendall trend test",
    "Kendall": "Mann–Kendall",
    "Sen": "Sen's slope",
    "Helsel": "Helsel (2012), the reference for censored data",
    "Klimisch": "reliability score",
    # symbols and hazard class abbreviations of the CLP/GHS classification, written so in Chinese
    "Kow": "log Kow",
    "log": "log Kow",
    "Carc": "Carc. 1B",
    "Repr": "Repr. 1B",
    "Lact": "Lact.",
    "Muta": "Muta. 2",
    "Acute": "Acute Tox. 4",
    "Tox": "ditto",
    "Aquatic": "Aquatic Chronic 1",
    "Chronic": "ditto",
    "Dam": "Eye Dam. 1",
    "Eye": "ditto",
    "STOT": "STOT RE 1 (CLP)",
    "max": "the maximum statistic, written max in formulas",
    # file formats and interfaces named on buttons
    "Excel": "the spreadsheet program users know by this name",
    "CSV": "a file type",
    "xlsx": "the file type to upload",
    "API": "the interface for other systems",
    "JSON": "API format",
    "PDF": "a file type",
    "Word": "the word processor users know by this name (accepted attachments)",
    "doc": "a file type (accepted attachments)",
    "docx": "a file type (accepted attachments)",
    "xls": "a file type (accepted attachments)",
    "yes": "a spelling a yes/no cell may hold, listed in the import help",
    "true": "ditto",
    "false": "ditto",
    "Authorization": "the HTTP header a program sends its API token in, shown on the token page",
    "Token": "ditto",
    "GeoJSON": "the map data format",
    "Markdown": "the text format of the science-article editor, named in its help",
    "https": "the link syntax shown in the article editor's help: [链接](https://…)",
    "SHA": "SHA-256 fingerprint of an imported file",
    # the language switch names the other language in that language
    "English": "the language switch",
    # product names
    "NPGov": "the platform's name",
    "OpenStreetMap": "map attribution",
    "Leaflet": "map attribution",
    "KM": "KM (Kunming-Montreal) biodiversity framework, cited by name",
    "GB": "national standard numbers (GB, GB/T)",
    "HJ": "Chinese national standards",
    "ISO": "international standard numbers",
    "Directive": "an EU directive cited by its title",
    "Regulation": "an EU regulation cited by its title (Regulation (EC) No 1272/2008)",
}
CJK = re.compile(r"[\u3400-\u9fff]")
SNAKE = re.compile(r"\b[a-z]+_[a-z0-9_]+\b")
WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z]{2,}(?![A-Za-z])")
PATH = re.compile(r"\b[\w-]+/[\w./-]+\.(?:py|ya?ml|csv|json|html|md|txt)\b")
ISSUE = re.compile(r"(?<![\w&])#\d+")
SKIP_TAGS = {"head", "script", "style", "template", "noscript", "svg"}


class VisibleText(HTMLParser):
    """The text a reader sees, without what sits in an element marked lang="en" (an English name, on purpose)."""

    def __init__(self, language: str = "zh") -> None:
        super().__init__(convert_charrefs=True)
        self.language = language
        self.stack: list[tuple[str, bool]] = []
        self.parts: list[str] = []

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        lang = dict(attrs).get("lang")
        hidden = tag in SKIP_TAGS or (lang is not None and not lang.startswith(self.language))
        self.stack.append((tag, hidden))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if not any(hidden for _, hidden in self.stack):
            self.parts.append(data)


def visible_text(html: str, language: str = "zh") -> str:
    parser = VisibleText(language)
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


# Addresses of the site shown on purpose: the open-data downloads' stable URLs and the public API's paths.
SITE_PATH = re.compile(r"(?<![\w/.])/(?:portal|api)/[\w./{}<>-]*")


def leaks(text: str, names: frozenset[str] = frozenset()) -> list[str]:
    """Every code, English word, path, TODO or issue number in a page's visible text (user names aside)."""
    text = SITE_PATH.sub(" ", text)
    found = [f"code {m}" for m in SNAKE.findall(text)]
    found += [f"path {m.group(0)}" for m in PATH.finditer(text)]
    found += [f"issue {m}" for m in ISSUE.findall(text)]
    for word in WORD.findall(PATH.sub(" ", SNAKE.sub(" ", text))):
        if word in ALLOWED or word in names or sum(c.isupper() for c in word) >= 2 and word != "TODO":
            continue  # abbreviations and identifiers (PFOS, CN-KCNP, GB/T) are not English phrases
        found.append(f"word {word}")
    return sorted(set(found))


def _make_representative_data() -> None:
    """One record from every factory of every app (the shipped reference data is already loaded)."""
    from npgov.enforcement.products.services import product_limits_load
    from npgov.risk.hazard_data import hazard_data_load
    from npgov.risk.pnecs import pnecs_load

    for load in (pnecs_load, hazard_data_load, product_limits_load):
        with transaction.atomic():
            load()
    for app in (
        "core",
        "substances",
        "regulations",
        "enterprises",
        "capacity",
        "surveys",
        "monitoring",
        "risk",
        "compliance",
        "enforcement",
        "workplan",
    ):
        module = importlib.import_module(f"tests.{app}.factories")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, factory.django.DjangoModelFactory) and cls.__module__ == module.__name__:
                try:
                    with transaction.atomic():
                        cls()
                except Exception:  # noqa: BLE001 - a factory needing arguments simply adds no record
                    pass


def _plain_urls(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[str]:
    """Names of every URL without parameters in the apps' namespaces (lists, forms, maps, the home page)."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in (None, "admin", "api", "djdt") or pattern.pattern.regex.groups:
                continue
            yield from _plain_urls(pattern, f"{prefix}{pattern.namespace}:")
        elif isinstance(pattern, URLPattern) and pattern.name and not pattern.pattern.regex.groups:
            if not pattern.pattern.converters:
                yield prefix + pattern.name


SKIP_NAMES = ("logout", "set_language", "export", "download", "tick", "api", "geojson", "health", ".json")


def _pages() -> list[str]:
    from npgov.substances.selectors import substance_by_cas

    pfos = substance_by_cas(cas="1763-23-1")  # on four lists: memberships, match bases, measures, sources
    assert pfos is not None
    urls = {reverse("core:home"), reverse("regulations:policy_sheet", args=[pfos.pk]), pfos.get_absolute_url()}
    for name in _plain_urls():
        if any(part in name for part in SKIP_NAMES):
            continue
        try:
            urls.add(reverse(name))
        except Exception:  # noqa: BLE001
            continue
    for model in apps.get_models():
        if not model.__module__.startswith("npgov.") or not hasattr(model, "get_absolute_url"):
            continue
        try:
            with transaction.atomic():
                obj = model._default_manager.order_by("pk").first()
        except DatabaseError:  # a model whose migration is still being written
            continue
        if obj is not None:
            try:
                urls.add(obj.get_absolute_url())
            except Exception:  # noqa: BLE001
                continue
    return sorted(urls)


def _get(clients: list[Client], url: str) -> Any:
    for client in clients:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            return response
    return None


def test_every_main_page_reads_in_chinese_without_codes_or_notes(personas: Personas) -> None:
    _make_representative_data()
    clients = [client_for(personas.bureau), client_for(personas.sysadmin)]
    for client in clients:
        client.cookies["django_language"] = "zh-hans"
    report: dict[str, list[str]] = {}
    usernames = frozenset(  # sign-in names (eve, user12) are data, not wording
        word for name in User.objects.values_list("username", flat=True) for word in re.findall(r"[A-Za-z]+", name)
    )
    pages = _pages()
    seen = 0
    with translation.override("zh-hans"):
        for url in pages:
            response = _get(clients, url)
            if response is None:
                continue
            seen += 1
            found = leaks(visible_text(response.content.decode()), usernames)
            if found:
                report[url] = found
    assert seen > 60, f"only {seen} pages rendered"
    assert report == {}, "\n".join(f"{url}: {', '.join(found)}" for url, found in report.items())


def test_the_detector_finds_what_it_should() -> None:
    html = (
        '<body><p>状态：city_review</p><div lang="en">Perfluorooctane sulfonic acid</div>'
        "<p>来源：regulations/data/POPS.yaml, from memory #12</p><script>var a_b = 1;</script>"
        "<p>CAS 1763-23-1 PNEC 0.5 mg/L</p></body>"
    )
    assert leaks(visible_text(html)) == [
        "code city_review",
        "issue #12",
        "path regulations/data/POPS.yaml",
        "word from",
        "word memory",
    ]


def test_change_history_shows_labels_and_names_not_codes(personas: Personas) -> None:
    from npgov.compliance.choices import FindingStatus
    from npgov.compliance.models import Finding
    from npgov.core.selectors import history_entries
    from tests.compliance.factories import FindingFactory

    finding = FindingFactory(status="open")
    finding.status = "closed"
    finding.save()
    with translation.override("zh-hans"):
        changes = {label: (old, new) for label, old, new in history_entries(obj=finding)[0].changes}
        expected = (str(FindingStatus.OPEN.label), str(FindingStatus.CLOSED.label))
        status = str(Finding._meta.get_field("status").verbose_name)
    assert changes[status] == expected
    assert all(CJK.search(value) for value in expected)  # the labels are translated, not the codes open/closed


def test_trade_import_is_jinkou_and_data_import_is_daoru() -> None:
    from npgov.enforcement.trade.models import TradeDirection
    from npgov.surveys.choices import Activity

    with translation.override("zh-hans"):
        assert (str(TradeDirection.IMPORT.label), str(TradeDirection.EXPORT.label)) == ("进口", "出口")
        assert str(Activity.IMPORT.label) == "进口"
        assert translation.pgettext("data", "Import") == "导入"
        assert translation.pgettext("data", "Export") == "导出"


def test_provenance_shows_documents_links_and_badge_never_maintainers_notes() -> None:
    from npgov.core.templatetags.provenance import provenance_html

    source = (
        "member of CN-KCNP-2023 item 1 (regulations/data/CN-KCNP-2023.yaml); structure curated by NPGov, "
        "formula checked with RDKit; GB 31701-2015 per https://example.org/std.html — memory"
    )
    with translation.override("zh-hans"):
        html = provenance_html(source, False, note="exact value from memory; see #12")
    text = visible_text(html)
    assert "CN-KCNP-2023" in text and "GB 31701-2015" in text and "未核实" in text
    assert 'href="https://example.org/std.html"' in html
    assert leaks(text) == [], text
    assert "memory" not in html and "yaml" not in html and "#12" not in html


def test_the_draw_page_shows_its_parameters_as_a_table(personas: Personas) -> None:
    from npgov.core.models import District
    from tests.enforcement.factories import InspectionDrawFactory

    district = District.objects.get(code="210211")
    draw = InspectionDrawFactory(
        filters={
            "districts": [district.pk],
            "industries": [],
            "obligations": ["key_discharge"],
            "with_open_findings": True,
        }
    )
    response = client_for(personas.bureau).get(draw.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = response.content.decode()
    assert 'id="draw-parameters"' in html and district.name_zh in html
    text = visible_text(html)
    assert "{" not in text and "key_discharge" not in text and "with_open_findings" not in text


def test_after_switching_to_english_the_labels_are_english(personas: Personas) -> None:
    from tests.enforcement.factories import TradeCheckFactory

    check = TradeCheckFactory(direction="export")
    client = client_for(personas.sysadmin)
    assert client.get(check.get_absolute_url()).status_code == 200
    client.post(reverse("core:set_language"), {"language": "en", "next": "/"})
    text = visible_text(client.get(check.get_absolute_url()).content.decode(), "en")
    assert "Export" in text and "出口" not in text and "导出" not in text
    client.post(reverse("core:set_language"), {"language": "zh-hans", "next": "/"})
    text = visible_text(client.get(check.get_absolute_url()).content.decode())
    assert "出口" in text and "Export" not in text


# --- the public portal (issue 15) and the officials' portal pages ----------------------------------------------
PORTAL_ROUTES = ("portal:", "enforcement:public_")


def _portal_world(personas: Personas) -> dict[str, list[Any]]:
    """Records of every portal area as people write them (published and in the making) and, per route with
    parameters, the arguments that open one of them."""
    from datetime import date
    from decimal import Decimal

    from npgov.core.models import District
    from npgov.portal.complaints import services as complaints
    from npgov.substances.selectors import substance_by_cas
    from tests.enforcement.factories import CaseFactory, InspectionDrawFactory
    from tests.enterprises.factories import EnterpriseFactory
    from tests.monitoring.factories import ResultFactory, SampleFactory, SiteFactory
    from tests.portal.factories_articles import ArticleFactory, ArticleImageFactory
    from tests.portal.factories_complaints import ComplaintPhotoFactory
    from tests.portal.factories_disclosures import DisclosureFactory, DisclosureLineFactory
    from tests.portal.factories_statistics import PortalSettingsFactory
    from tests.regulations.factories import RegulatoryListFactory
    from tests.surveys.factories import CampaignFactory, SubmissionFactory, SubmissionLineFactory

    ganjingzi = District.objects.get(code="210211")
    pfos, pfoa = substance_by_cas(cas="1763-23-1"), substance_by_cas(cas="335-67-1")
    assert pfos is not None and pfoa is not None
    PortalSettingsFactory(workplan_level="kpis")
    # monitoring: a detect and a non-detect at a river site of Ganjingzi
    site = SiteFactory(name="马栏河入海口", kind="river", district=ganjingzi)
    for value, qualifier, reported in ((2.4, "detected", "2.4"), (0.1, "lt_lod", "ND")):
        ResultFactory(sample=SampleFactory(site=site), substance=pfos, value=value, qualifier=qualifier,
                      value_reported=reported)  # fmt: skip
    # the survey: three enterprises use PFOS (a public aggregate), one uses PFOA (suppressed)
    campaign = CampaignFactory(year=2025)
    company = EnterpriseFactory(name="甘井子示例化工有限公司", district=ganjingzi)
    company.users.add(personas.enterprise)
    for n, enterprise in enumerate([company, EnterpriseFactory(), EnterpriseFactory()]):
        report = SubmissionFactory(campaign=campaign, enterprise=enterprise, status="accepted")
        SubmissionLineFactory(submission=report, substance=pfos, quantity_t=Decimal("1.5") + n)
        if n == 0:
            SubmissionLineFactory(submission=report, substance=pfoa, quantity_t=Decimal("0.8"))
    # disclosures: the company's published one and its draft of the next year
    published = DisclosureFactory(enterprise=company, year=2024, published=True, treatment="废气经活性炭吸附处理。")
    DisclosureLineFactory(disclosure=published, substance=pfos, kind="raw_material", medium="", amount_t=Decimal("1.2"))
    DisclosureLineFactory(disclosure=published, substance=pfos, medium="water", amount_t=Decimal("0.002"),
                          concentration=Decimal("0.05"), concentration_unit="mg/L",
                          treatment="污水处理站处理")  # fmt: skip
    draft = DisclosureFactory(enterprise=company, year=2025)
    DisclosureLineFactory(disclosure=draft, substance=pfos)
    # articles: a published one on PFOS with an image, a draft
    article = ArticleFactory(title="全氟辛基磺酸是什么", published=True, substances=[pfos],
                             body="## 它是什么\n\n全氟辛基磺酸是一类难降解的人工合成化学物质。")  # fmt: skip
    image = ArticleImageFactory(article=article, alt="示意图")
    draft_article = ArticleFactory(title="草稿：农药包装废弃物怎么处理", category="health")
    # enforcement: a published draw and a decided, published case
    draw = InspectionDrawFactory(published=True, created_by=None)
    CaseFactory(enterprise=company, status="decided", published=True, decided_on=date(2025, 8, 1),
                decision="责令改正，罚款二万元。", penalty_yuan=Decimal("20000"))  # fmt: skip
    # a complaint as the form files it, taken up and answered by the department
    complaint = complaints.complaint_file(
        data=complaints.ComplaintInput(
            topic="pesticide",
            description="沟渠里有大量农药包装瓶。",
            address="营城子街道",
            latitude=38.9541,
            longitude=121.4648,
            contact_name="王先生",
            contact_phone="13800000000",
        ),  # fmt: skip
    )
    ComplaintPhotoFactory(complaint=complaint)
    complaints.complaint_take(complaint=complaint, user=personas.department, note="已安排现场核查")
    complaints.complaint_reply(complaint=complaint, user=personas.department, reply="经核查，已清理完毕。")
    local = RegulatoryListFactory(title_zh="大连市重点管控新污染物清单（测试）")
    return {
        "portal:monitoring_substance": [pfos.pk],
        "portal:list_detail": [local.pk, *RegulatoryList.objects.filter(is_current=True).values_list("pk", flat=True)],
        "portal:substance_card": [pfos.pk, pfoa.pk],
        "portal:disclosure_detail": [published.pk],
        "portal:disclosure_edit": [(company.pk, 2025), (company.pk, 2024)],
        "portal:complaint_detail": [complaint.pk],
        "portal:article_detail": [article.pk],
        "portal:article_edit": [draft_article.pk, article.pk],
        "portal:article_image": [image.pk],
        "enforcement:public_draw": [draw.pk],
        "?": [
            f"{reverse('portal:monitoring')}?district={ganjingzi.code}",
            f"{reverse('portal:monitoring')}?substance={pfos.pk}",
            f"{reverse('portal:monitoring')}?district={ganjingzi.code}&substance={pfos.pk}",
            f"{reverse('portal:complaint_status')}?code={complaint.tracking_code}",
            f"{reverse('portal:complaint_status')}?code=JB0000",
            f"{reverse('portal:article_list')}?category=health",
            f"{reverse('portal:complaint_list')}?status=replied",
        ],
    }


def _named_routes(resolvers: list[Any] | None = None, namespace: str = "") -> Iterator[tuple[str, int]]:
    """(route name, number of parameters) of every named route."""
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            yield from _named_routes(
                entry.url_patterns, f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            )
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry.pattern.regex.groups


def _portal_pages(world: dict[str, list[Any]]) -> list[str]:
    urls = set(world["?"])
    for name, groups in _named_routes():
        if not name.startswith(PORTAL_ROUTES):
            continue
        for args in [()] if not groups else world.get(name, []):
            try:
                urls.add(reverse(name, args=args if isinstance(args, tuple) else [args]))
            except Exception:  # noqa: BLE001 - a route whose arguments this world does not have
                continue
    return sorted(urls)


def test_the_portal_and_the_officials_portal_pages_read_in_chinese(personas: Personas) -> None:
    """Every portal page as the public sees it, and the officials' and enterprises' portal pages (complaints,
    article editor, disclosures, portal settings), over records of every area."""
    world = _portal_world(personas)
    visitor = Client()
    officials = [client_for(p) for p in (personas.department, personas.bureau, personas.enterprise, personas.district)]
    clients = [visitor, *officials]
    for client in clients:
        client.cookies["django_language"] = "zh-hans"
    usernames = frozenset(
        word for name in User.objects.values_list("username", flat=True) for word in re.findall(r"[A-Za-z]+", name)
    )
    report: dict[str, list[str]] = {}
    seen: set[str] = set()
    with translation.override("zh-hans"):
        for url in _portal_pages(world):
            response = _get(clients, url)
            if response is None:
                continue
            seen.add(url)
            found = leaks(visible_text(response.content.decode()), usernames)
            if found:
                report[url] = found
    expected = [reverse(f"portal:{name}") for name in (
        "home", "monitoring", "opendata", "complaint_new", "complaint_list", "article_manage", "my_disclosures",
        "disclosure_review", "settings",
    )]  # fmt: skip
    expected += [reverse("portal:complaint_detail", args=world["portal:complaint_detail"]),
                 reverse("portal:disclosure_edit", args=world["portal:disclosure_edit"][0]),
                 reverse("portal:disclosure_detail", args=world["portal:disclosure_detail"]),
                 reverse("portal:article_edit", args=world["portal:article_edit"][:1]),
                 reverse("portal:article_add"),
                 reverse("portal:article_detail", args=world["portal:article_detail"]),
                 reverse("portal:substance_card", args=world["portal:substance_card"][:1])]  # fmt: skip
    assert sorted(set(expected) - seen) == [], "these portal pages did not render"
    assert report == {}, "\n".join(f"{url}: {', '.join(found)}" for url, found in report.items())

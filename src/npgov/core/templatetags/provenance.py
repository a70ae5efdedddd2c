"""Provenance as a structured element: the source (cited documents and links), a verified badge, a note.

Data files keep maintainers' notes next to each fact ("from memory", file paths, how a value was checked). Pages
never print those: `{% provenance source verified note=... url=... %}` shows only what a reader can use — the
documents cited (standard numbers, directives, Chinese titles), the links to them, 已核实 / 未核实, and a note only
when it is written in the reader's language and carries no maintainer's remark.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from django import template
from django.utils.translation import get_language

register = template.Library()

URL = re.compile(r"https?://[^\s,;()（）<>\"'\]]+")
CJK = re.compile(r"[\u3400-\u9fff]")
# Maintainers' remarks a page never shows: recollection, file paths, issue numbers, tooling and to-dos.
INTERNAL = re.compile(
    r"memory|recalled|\bTODO\b|\bFIXME\b|#\d+|\bissue\b|[\w-]+/[\w./-]+\.(?:py|ya?ml|csv|json|md)\b|\bRDKit\b"
    r"|\bNPGov\b|curated|loaded as|\bparse|\bscript|github|凭记忆|待核实来源",
    re.IGNORECASE,
)
# Documents cited by number: national and sector standards, EU and UN instruments, list codes.
CITATION = re.compile(
    r"《[^》]+》(?:[（(][^）)]*[）)])?"
    r"|[\u3400-\u9fff]{1,12}〔\d{4}〕\d+号"
    r"|[\u3400-\u9fff、]{2,60}(?:方案|通知|办法|条例|名录|清单|公告|规定|意见|决定|公约|标准|规范)"
    r"|\b(?:GB|GB/T|GBZ|HJ|HJ/T|SJ/T|QB/T|FZ/T|DB\d*(?:/T)?|ISO|IEC|EN|OECD TG|US EPA)\s?[\d.]+(?:[-–:]\d{2,4})*"
    r"|\bDirective \d{4}/\d+/E[CU]\b|\bRegulation \(E[CU]\) (?:No )?\d+/\d+|\bCOM\(\d{4}\) ?\d+"
    r"|\bCN-[A-Z]+(?:-\d+)*\b|\bPOP-\d+\b|\bPOPS?\b"
)

# Author–year references and reports of agencies (Hansch C. et al. (1995); EU Risk Assessment Report … (2003)).
AUTHOR_YEAR = re.compile(
    r"\b[A-Z][A-Za-z-]+(?: [A-Z]\.?(?:[A-Z]\.?)?)?(?: et al\.?| & [A-Z][A-Za-z-]+(?: [A-Z]\.?)*)? \(?(?:19|20)\d{2}\)?"
    r"(?= |,|:|$)"
    r"|\b(?:OECD SIDS|US EPA IRIS|US EPA|ECHA|SCHEER?|WHO|EFSA|EU Risk Assessment Report)\b"
    r"[^,;:()]{0,60}?\(?(?:19|20)\d{2}\)?"
)


def _clauses(text: str) -> list[str]:
    return [c.strip(" ,，.。") for c in re.split(r"[;；\n]|\s[—–]\s", text) if c.strip(" ,，.。")]


def _links(*texts: str) -> list[dict[str, str]]:
    seen: list[str] = []
    for text in texts:
        for url in URL.findall(text or ""):
            url = url.rstrip(".")
            if url not in seen:
                seen.append(url)
    return [{"url": url, "host": urlsplit(url).netloc.removeprefix("www.")} for url in seen]


def _cited(text: str) -> list[str]:
    """The documents a source text cites, in order, each once.

    A short source with no maintainer's remark (a user's "OECD SIDS (2006)") is kept whole; otherwise only what
    names a document is kept: standard and list numbers, EU instruments, author–year references, Chinese titles.
    """
    text = URL.sub(" ", text or "").strip()
    remark = re.search(r"\b(?:tests?|demos?|same|assum\w*|default|placeholder)\b", text, re.IGNORECASE)
    mixed = CJK.search(text) and not _is_chinese(text)  # a Chinese title followed by an English remark
    if text and len(text) <= 80 and not INTERNAL.search(text) and not remark and not mixed:
        return [text.strip(" ,;")]
    found: list[str] = []
    for clause in _clauses(text):
        if INTERNAL.search(clause):
            clause = re.sub(r"\([^)]*\)|（[^）]*）", " ", clause)  # drop the remark, keep the document cited
        if _is_chinese(clause) and not INTERNAL.search(clause):
            candidates = [clause]
        else:
            candidates = [m.group(0).strip() for m in CITATION.finditer(clause)]
            candidates += [m.group(0).strip() for m in AUTHOR_YEAR.finditer(clause)]
        for item in map(_tidy, candidates):
            if item and item not in found:
                found.append(item)
    return found


def _tidy(item: str) -> str:
    """A cited document without trailing punctuation or an unbalanced bracket."""
    item = item.split(";")[0].strip(" ,:;.")
    if item.count("(") > item.count(")"):
        item += ")"
    elif item.endswith(")") and item.count(")") > item.count("("):
        item = item[:-1].rstrip()
    return item


def _cited_parts(text: str) -> list[dict[str, str]]:
    """The cited documents with their language: a citation without Chinese is marked English."""
    return [{"text": c, "lang": "" if CJK.search(c) or not re.search(r"[a-z]{3,}", c) else "en"} for c in _cited(text)]


def _is_chinese(text: str) -> bool:
    """Written in Chinese: Chinese characters make up a fair share of the letters (a cited 文号 alone does not)."""
    cjk = len(CJK.findall(text))
    latin = len(re.findall(r"[A-Za-z]", text))
    english_phrase = re.search(r"\b[A-Za-z]*[a-z][A-Za-z]*\s+[A-Za-z]*[a-z][A-Za-z]*\b", text)  # two English words
    return cjk > 0 and cjk >= 2 * latin and not english_phrase


def _note(note: str) -> str:
    """The note when it is in the reader's language and free of maintainers' remarks; else nothing."""
    kept = [c for c in _clauses(URL.sub(" ", note or "")) if not INTERNAL.search(c)]
    chinese = (get_language() or "zh-hans").startswith("zh")
    kept = [c for c in kept if _is_chinese(c) == chinese]
    return "；".join(kept) if chinese else "; ".join(kept)


def provenance_parts(source: str = "", note: str = "", url: str = "") -> dict[str, Any]:
    """The parts a page may show of a fact's recorded source and note."""
    cited = _cited_parts(source)
    return {
        "cited": [c["text"] for c in cited], "cited_parts": cited, "links": _links(url, source, note),
        "note": _note(note), "has_source": bool(cited or (url or "").strip() or URL.search(source or "")),
    }  # fmt: skip


@register.inclusion_tag("core/partials/provenance.html")
def provenance(source: Any = "", verified: Any = None, note: Any = "", url: Any = "", compact: bool = False) -> dict:
    """Usage: {% provenance obj.source obj.verified note=obj.note url=obj.source_url %} (verified None: no badge)."""
    parts = provenance_parts(str(source or ""), str(note or ""), str(url or ""))
    return {**parts, "verified": verified, "compact": compact}


@register.filter
def reader_text(value: Any) -> str:
    """A stored free-text note as a page may print it (maintainers' remarks and foreign-language clauses removed)."""
    return _note(str(value or ""))


def provenance_html(source: Any = "", verified: Any = None, note: Any = "", url: Any = "", compact: bool = True) -> str:
    """The provenance element as HTML, for tables and detail rows built in Python."""
    from django.template.loader import render_to_string

    return render_to_string("core/partials/provenance.html", provenance(source, verified, note, url, compact))


@register.filter
def mark_language(value: Any) -> str:
    """Stored text with no Chinese in it, marked as English (screen readers, hyphenation and the language test)."""
    from django.utils.html import format_html

    text = str(value or "")
    return text if not text or CJK.search(text) else format_html('<span lang="en">{}</span>', text)

from __future__ import annotations

from typing import Any

from django import template

from npgov.risk.labels import (
    ACTION_CATEGORY_LABELS,
    EXPOSURE_PARAMETER_LABELS,
    MEC_STATISTIC_LABELS,
    PBT_STATUS_LABELS,
    POPULATION_LABELS,
    RQ_CATEGORY_LABELS,
)

register = template.Library()


@register.filter
def rq_label(code: Any) -> Any:
    """'high' → 高 (the RQ band in the user's language)."""
    return RQ_CATEGORY_LABELS.get(code, code)


@register.filter
def action_label(category: Any) -> Any:
    """1 → 采取管控措施… (the NORMAN action category in the user's language)."""
    return ACTION_CATEGORY_LABELS.get(category, "")


@register.filter
def pbt_label(status: Any) -> Any:
    """'met' → 符合 (a PBT criterion's outcome in the user's language)."""
    return PBT_STATUS_LABELS.get(status, status)


def _terms() -> dict[str, str]:
    from django.utils.translation import gettext as _

    return {
        "fresh_water": _("fresh water"), "marine_water": _("marine water"), "fresh_sediment": _("freshwater sediment"),
        "marine_sediment": _("marine sediment"), "soil": _("soil"), "algae": _("algae"),
        "invertebrates": _("invertebrates"), "fish": _("fish"), "short-term": _("short-term"),
        "long-term": _("long-term"),
    }  # fmt: skip


def _science_patterns() -> list[tuple[str, str]]:
    from django.utils.translation import gettext as _

    return [
        (r"half-life in (?P<c>\w+) > (?P<n>[\d.]+) d", _("half-life in %(c)s above %(n)s d")),
        (r"no half-life above its threshold \(closest: (?P<c>\w+)\)(?:; not assessed: (?P<m>.+))?",
         _("no half-life above its threshold (closest: %(c)s)")),
        (r"no degradation half-life given for (?P<c>.+)", _("no degradation half-life given for %(c)s")),
        (r"BCF > (?P<n>[\d.]+)", _("BCF above %(n)s")),
        (r"BCF ≤ (?P<n>[\d.]+)", _("BCF at most %(n)s")),
        (r"neither BCF nor log Kow given", _("neither BCF nor log Kow given")),
        (r"insufficient data: TGD Table 16 needs the short-term base set \(missing: (?P<m>.+)\) or a long-term NOEC",
         _("insufficient data: TGD Table 16 needs the short-term base set (missing: %(m)s) or a long-term NOEC")),
        (r"the NOECs do not cover the most acutely sensitive level \((?P<c>\w+)\): TGD wants AF 100",
         _("the NOECs do not cover the most acutely sensitive level (%(c)s): TGD asks for AF 100")),
        (r"the NOEC is not from the most acutely sensitive level \((?P<c>\w+)\): TGD wants AF 1000",
         _("the NOEC is not from the most acutely sensitive level (%(c)s): TGD asks for AF 1000")),
        (r"an algal NOEC alone does not lower the factor \(TGD 3\.3\.1\.1\)",
         _("an algal NOEC alone does not lower the factor (TGD 3.3.1.1)")),
        (r"EoE bands of issue #\d+ \(NORMAN 2013 framework\).*",
         _("Extent-of-exceedance bands of the NORMAN 2013 framework: scores 0 / 0.1 / 0.2 / 0.5 / 1; the first three "
           "checked against NORMAN's published SCARCE and DANUBE 2018 prioritisations, the last two not checked")),
        (r"Kaplan–Meier (?P<s>\w+) undefined for these data \(NADA: NA\); the maximum is used",
         _("Kaplan–Meier %(s)s undefined for these data (NADA: NA); the maximum is used")),
        (r"never detected, but the LOQ \((?P<loq>[^)]+)\) is not below the PNEC \((?P<pnec>[^)]+)\): "
         r"risk cannot be excluded",
         _("never detected, but the LOQ (%(loq)s) is not below the PNEC (%(pnec)s): risk cannot be excluded")),
        (r"never detected: RQ < LOQ / PNEC = (?P<b>\S+), the category is the band of that upper bound",
         _("never detected: RQ < LOQ / PNEC = %(b)s, the category is the band of that upper bound")),
        (r"a non-detect has an LOQ above the largest detect: the true maximum may be higher",
         _("a non-detect has an LOQ above the largest detect: the true maximum may be higher")),
        (r"long-term NOECs from three trophic levels \(TGD Table 16: AF 10\)",
         _("long-term NOECs from three trophic levels (TGD Table 16: AF 10)")),
        (r"long-term NOECs from two trophic levels \(TGD Table 16: AF 50\)",
         _("long-term NOECs from two trophic levels (TGD Table 16: AF 50)")),
        (r"one long-term NOEC, fish or invertebrates \(TGD Table 16: AF 100\)",
         _("one long-term NOEC, fish or invertebrates (TGD Table 16: AF 100)")),
        (r"short-term L\(E\)C50 from algae, invertebrates and fish \(TGD Table 16: AF 1000\)",
         _("short-term L(E)C50 from algae, invertebrates and fish (TGD Table 16: AF 1000)")),
    ]


@register.filter
def science_text(text: Any) -> Any:
    """A sentence of the science core (English, with codes) in the reader's language; unknown ones marked English."""
    import re

    from django.utils.html import format_html

    value = str(text or "")
    terms = _terms()
    for pattern, message in _science_patterns():
        match = re.fullmatch(pattern, value)
        if match:
            parts = {k: "、".join(terms.get(w.strip(), w.strip()) for w in (v or "").split(","))
                     for k, v in match.groupdict().items()}  # fmt: skip
            return message % parts
    return format_html('<span lang="en">{}</span>', value) if value else value


@register.filter
def mec_statistic_label(code: Any) -> Any:
    """'p95' → 第95百分位数（Kaplan–Meier） (the run's MEC statistic in the reader's language)."""
    return MEC_STATISTIC_LABELS.get(code, code)


@register.filter
def exposure_label(code: Any) -> Any:
    """'bw' → 体重; 'adult' → 成人 (a health run's exposure parameter or population in the reader's language)."""
    return EXPOSURE_PARAMETER_LABELS.get(code) or POPULATION_LABELS.get(code) or code


@register.filter
def science_term(code: Any) -> Any:
    """'algae' → 藻类, 'short-term' → 短期 (a term of the science core in the reader's language)."""
    return _terms().get(str(code), code)


@register.filter
def sig3(value: Any) -> str:
    """A concentration or quotient to three significant figures (0.0000123 → 1.23e-05, 49925.1 → 4.99e+04)."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return "—"
    return f"{value:.3g}"

"""Writes of the enterprises app."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import yaml
from django.db import transaction

from npgov.core.models import District
from npgov.enterprises.choices import IndustryLevel, SurveyScope
from npgov.enterprises.models import Enterprise, Industry
from npgov.science.identifiers import uscc_check_character

DATA_FILE = Path(__file__).resolve().parent / "data" / "industries.csv"
SURVEY_SCOPE_FILE = Path(__file__).resolve().parent / "data" / "survey_industries.yaml"


def survey_scope_rule(path: Path | None = None) -> Callable[[str, str], str]:
    """(class code, level) → the survey scope, from survey_industries.yaml.

    Listed classes are "listed"; with no list loaded, classes of the named divisions are "candidate".
    Only classes carry a scope: sections, divisions and groups are "out" (they are not reported under).
    """
    data = yaml.safe_load((path or SURVEY_SCOPE_FILE).read_text(encoding="utf-8"))
    listed = {str(code) for code in data.get("classes") or []}
    divisions = {str(code) for code in data.get("divisions") or []}

    def scope(code: str, level: str) -> str:
        if level != IndustryLevel.CLASS:
            return SurveyScope.OUT
        if listed:
            return SurveyScope.LISTED if code in listed else SurveyScope.OUT
        return SurveyScope.CANDIDATE if code[:2] in divisions else SurveyScope.OUT

    return scope


@transaction.atomic
def industries_load(*, path: Path | None = None) -> dict[str, int]:
    """Create or update the GB/T 4754-2017 categories from the shipped CSV (parents before children)."""
    rows = list(csv.DictReader((path or DATA_FILE).open(encoding="utf-8")))
    survey_scope = survey_scope_rule()
    existing = {i.code: i for i in Industry.objects.all()}
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for row in rows:  # the file lists every parent before its children
        values = {"level": row["level"], "name_zh": row["name_zh"], "name_en": row["name_en"],
                  "parent": existing.get(row["parent"]) if row["parent"] else None,
                  "plan_focus": row["plan_focus"], "source": row["source"],
                  "survey_scope": survey_scope(row["code"], row["level"])}  # fmt: skip
        industry = existing.get(row["code"])
        if industry is not None and all(getattr(industry, k) == v for k, v in values.items()):
            counts["unchanged"] += 1
            continue
        counts["updated" if industry else "created"] += 1
        industry = industry or Industry(code=row["code"])
        for key, value in values.items():
            setattr(industry, key, value)
        industry.save()
        existing[industry.code] = industry
    return counts


def demo_uscc(serial: int, district_code: str) -> str:
    """A valid, invented unified social credit code for demo enterprise ``serial`` in this district."""
    body = f"91{district_code}MA{serial:07d}"
    return body + uscc_check_character(body)


def enterprise_ensure(
    *, uscc: str, name: str, industry_code: str, district_code: str, fallback_industry_code: str = "2614"
) -> Enterprise:
    """The enterprise with this USCC, created (for demo data) when missing; an unknown industry falls back."""
    enterprise, _created = Enterprise.objects.get_or_create(
        uscc=uscc,
        defaults={
            "name": name,
            "industry": Industry.objects.filter(code=industry_code).first()
            or Industry.objects.get(code=fallback_industry_code),
            "district": District.objects.get(code=district_code),
        },
    )
    return enterprise

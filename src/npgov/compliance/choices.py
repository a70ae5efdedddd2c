from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class FindingStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RECTIFICATION_SUBMITTED = "rectification_submitted", _("Rectification submitted")
    CLOSED = "closed", _("Verified and closed")
    ESCALATED = "escalated", _("Escalated to a case")
    RESOLVED = "resolved", _("Resolved: the cause is gone")


ACTIVE_STATUSES = (FindingStatus.OPEN, FindingStatus.RECTIFICATION_SUBMITTED)


class Severity(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


# Days an enterprise has to rectify, by severity (counted from the day the finding opens).
DUE_DAYS = {Severity.HIGH: 30, Severity.MEDIUM: 60, Severity.LOW: 90}

StrOrPromise = str | Promise


@dataclass(frozen=True)
class ObligationList:
    """A derived list of enterprises carrying one duty: its rule and legal basis (the members are a selector)."""

    key: str
    title: StrOrPromise
    rule: StrOrPromise
    basis: StrOrPromise


OBLIGATION_LISTS = (
    ObligationList(
        "key_discharge",
        _("Key pollutant discharge units (new pollutants)"),
        _(
            "Produces, processes or uses, or releases a substance on the key controlled new pollutants list "
            "(latest accepted survey report)."
        ),
        _("Dalian work plan task (九); Lianyungang task 12; 《重点管控新污染物清单（2023年版）》"),
    ),
    ObligationList(
        "cleaner_production",
        _("Mandatory cleaner-production audit"),
        _(
            "Uses toxic and hazardous raw materials or releases toxic and hazardous substances: a substance on the "
            "key controlled, priority control or convention lists, produced, used or released."
        ),
        _("《清洁生产促进法》第二十七条; Dalian work plan task (四); Lianyungang task 7"),
    ),
    ObligationList(
        "disclosure",
        _("Environmental information disclosure"),
        _(
            "Must publish the toxic raw materials it uses and the name, concentration and amount of the toxic "
            "substances it releases (same evidence as the cleaner-production rule)."
        ),
        _("《企业环境信息依法披露管理办法》; Lianyungang task 9"),
    ),
    ObligationList(
        "permit",
        _("Discharge permit must state new-pollutant controls"),
        _(
            "A key discharge unit for new pollutants holding a discharge permit: the permit must state the "
            "new-pollutant control requirements."
        ),
        _("Lianyungang task 12; 《排污许可管理条例》"),
    ),
)
OBLIGATION_LIST_BY_KEY = {item.key: item for item in OBLIGATION_LISTS}


# What a finding's stored `activity` and `rule` codes read as (the fields hold codes from several sources: survey
# lines, product samples and trade checks, so they carry no model choices).
ACTIVITY_LABELS: dict[str, StrOrPromise] = {
    "production": _("Production"),
    "processing_use": _("Processing and use"),
    "import": pgettext_lazy("trade", "Import"),
    "export": pgettext_lazy("trade", "Export"),
    "release": _("Release"),
    "product": _("Product on the market"),
}
RULE_LABELS: dict[str, StrOrPromise] = {
    "ban": _("Banned activity"),
    "ban_began": _("Ban began within the reporting year"),
    "exemption_expired": _("Exempted use expired"),
    "restriction": _("Restricted use"),
    "emission": _("Release under emission control"),
    "product_content_limit": _("Content limit exceeded in a product"),
    "missing_release_notice": _("No release notice for a strictly restricted chemical"),
    "banned": _("Import or export of a banned chemical"),
    "misdeclared": _("False or incomplete declaration"),
    "other": _("Other violation"),
    "trade": _("Import or export check"),
}


def activity_label(code: str) -> str:
    """The reader's name of a finding's activity code (an unknown code reads "other activity")."""
    label = ACTIVITY_LABELS.get(code)
    return str(label) if label is not None else str(_("other activity"))


def rule_label(code: str) -> str:
    """The reader's name of a finding's rule code (an unknown code reads "other rule")."""
    label = RULE_LABELS.get(code)
    return str(label) if label is not None else str(_("other rule"))

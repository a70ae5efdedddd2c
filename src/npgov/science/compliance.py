"""Which control measures a reported activity breaches: a pure function of the line and the measures.

A survey line says that an enterprise produced, processed or used, imported or exported a substance
during a reporting period, for stated uses, perhaps relying on an exempted use. The measures of the
list entries the substance falls under say what is banned or restricted from which date, with which
exemptions until when. ``evaluate`` returns one :class:`Breach` per measure that the line breaches or
that needs the enterprise to show compliance; the caller words it and turns it into a finding.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

BANS = {"ban_production": "production", "ban_processing_use": "processing_use", "ban_import": "import",
        "ban_export": "export"}  # fmt: skip
RESTRICTIONS = {"restrict_production": "production", "restrict_processing_use": "processing_use",
                "restrict_import": "import", "restrict_export": "export"}  # fmt: skip
RELEASES = "emission_control"


@dataclass(frozen=True)
class Exemption:
    use: str  # as the list words it
    until: date | None  # None: the list prints no end date


@dataclass(frozen=True)
class Measure:
    key: int
    kind: str
    activities: tuple[str, ...] = ()
    effective: date | None = None
    until: date | None = None  # the measure itself ends (rare)
    exemptions: tuple[Exemption, ...] = ()


@dataclass(frozen=True)
class Activity:
    """What a survey line reports, over its period (a reporting year)."""

    activity: str  # production, processing_use, import, export
    period_start: date
    period_end: date
    exempted_use: str = ""  # the exemption the enterprise relies on, as it wrote it
    releases_kg: float = 0.0


@dataclass(frozen=True)
class Breach:
    measure: int
    rule: str  # "ban", "ban_began", "exemption_expired", "restriction", "emission"
    severity: str  # "high", "medium", "low"
    facts: dict[str, str] = field(default_factory=dict)  # dates and texts the explanation names


def _in_force(measure: Measure, line: Activity) -> bool:
    starts_in_time = measure.effective is None or measure.effective <= line.period_end
    not_ended = measure.until is None or measure.until >= line.period_start
    return starts_in_time and not_ended


def _normal(text: str) -> str:
    """Spaces, the list's numbering "（1）" and end punctuation do not count."""
    return "".join(text.split()).lstrip("（(0123456789)）").rstrip("。；;.")


def _matching_exemption(measure: Measure, claimed: str) -> Exemption | None:
    """The exemption the enterprise's stated use names: the whole listed use, perhaps with more detail.

    A claim must contain the listed use; a fragment of it ("用于", "医疗") names no exemption, so it
    cannot cancel a ban.
    """
    wanted = _normal(claimed)
    if not wanted:
        return None
    for exemption in measure.exemptions:
        listed = _normal(exemption.use)
        if listed and listed in wanted:
            return exemption
    return None


def _activities(measure: Measure, table: dict[str, str]) -> set[str]:
    return set(measure.activities) | {table[measure.kind]} if measure.kind in table else set(measure.activities)


def evaluate(line: Activity, measures: Iterable[Measure]) -> list[Breach]:
    """The breaches of ``line`` against ``measures`` (those of every entry its substance falls under)."""
    breaches: list[Breach] = []
    for measure in measures:
        if not _in_force(measure, line):
            continue
        effective = measure.effective.isoformat() if measure.effective else ""
        if measure.kind in BANS and line.activity in _activities(measure, BANS):
            exemption = _matching_exemption(measure, line.exempted_use)
            if exemption is not None:
                if exemption.until is None or exemption.until >= line.period_start:
                    continue  # within the exemption window
                breaches.append(Breach(measure.key, "exemption_expired", "high",
                                       {"until": exemption.until.isoformat(), "use": exemption.use}))  # fmt: skip
            elif measure.effective is not None and measure.effective > line.period_start:
                # the ban began during the period: the activity may have stopped in time
                breaches.append(Breach(measure.key, "ban_began", "medium", {"effective": effective}))
            else:
                breaches.append(Breach(measure.key, "ban", "high", {"effective": effective}))
        elif measure.kind in RESTRICTIONS and line.activity in _activities(measure, RESTRICTIONS):
            breaches.append(Breach(measure.key, "restriction", "low", {"effective": effective}))
        elif measure.kind == RELEASES and line.releases_kg > 0:
            breaches.append(Breach(measure.key, "emission", "low", {"releases_kg": f"{line.releases_kg:g}"}))
    return breaches

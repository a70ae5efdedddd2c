"""Three-highs screening (三高筛查): high concern, high volume, high detection — each flag with its evidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from npgov.monitoring.selectors import substance_detections
from npgov.regulations.selectors import substances_listed
from npgov.regulations.services.classification import classifier_get, classify_substance
from npgov.risk.hazard_data import hazard_flags, hazard_flags_by_substance, hazard_profile
from npgov.risk.models import AssessmentRun, PriorityDraft, PriorityItem
from npgov.risk.results import ESTIMATES, section_rows
from npgov.substances.selectors import substances_by_id
from npgov.surveys.selectors import accepted_latest_year, accepted_volumes

if TYPE_CHECKING:
    from npgov.substances.models import Substance

CONCERN_LISTS = ("CN-KCNP-2023", "CN-PCC-1", "CN-PCC-2", "POPS", "CN-SRTC")


@dataclass
class ScreeningRow:
    substance: Substance
    concern: list[str] = field(default_factory=list)  # list entries that make it of high concern
    hazard: list[str] = field(default_factory=list)  # hazard flags (PBT, vPvB, CMR/STOT RE, ED) with their basis
    volume_t: Decimal | None = None
    volume_enterprises: int = 0
    volume_year: int | None = None
    detection_frequency: float | None = None
    results: int = 0
    sites: int = 0
    high_volume: bool = False
    high_detection: bool = False

    @property
    def high_concern(self) -> bool:
        return bool(self.concern or self.hazard)

    @property
    def flags(self) -> int:
        return int(self.high_concern) + int(self.high_volume) + int(self.high_detection)


def three_highs(*, volume_threshold_t: float, detection_threshold: float, matrix: str = "water") -> list[ScreeningRow]:
    """Every substance with survey, monitoring or list data, flagged on the three criteria with the evidence.

    High concern: on the key controlled, priority control, POPs or strictly restricted lists (classification:
    CAS, salts by parent structure, group rules), or a hazard flag from its reliable hazard data (PBT, vPvB,
    CMR/STOT RE classification, endocrine disruptor; see ``risk.hazard_data.hazard_flags``). High volume:
    accepted survey quantities of the latest year summed over enterprises ≥ ``volume_threshold_t`` t/a. High
    detection: detects / results over all sites in ``matrix`` ≥ ``detection_threshold``.
    """
    rows: dict[int, ScreeningRow] = {}

    def row(substance: Substance) -> ScreeningRow:
        return rows.setdefault(substance.pk, ScreeningRow(substance=substance))

    year = accepted_latest_year()
    if year is not None:
        volumes = accepted_volumes(year=year)
        substances = substances_by_id(ids=[v.substance_id for v in volumes])
        for v in volumes:
            entry = row(substances[v.substance_id])
            entry.volume_t, entry.volume_enterprises, entry.volume_year = v.quantity_t, v.enterprises, year
            entry.high_volume = v.quantity_t >= Decimal(str(volume_threshold_t))
    detections = substance_detections(matrix=matrix)
    substances = substances_by_id(ids=[d["substance_id"] for d in detections])
    for d in detections:
        entry = row(substances[d["substance_id"]])
        entry.results, entry.sites = d["n"], d["sites"]
        entry.detection_frequency = d["detection_frequency"]
        entry.high_detection = (
            entry.detection_frequency is not None and entry.detection_frequency >= detection_threshold
        )
    for substance, flags in hazard_flags_by_substance().values():
        row(substance).hazard = flags
    index = classifier_get()  # once: a freshness check per substance would cost two queries each
    for substance in list(substances_listed()) + [r.substance for r in list(rows.values())]:
        entry = row(substance)
        if not entry.concern:
            entry.concern = _concern(substance, index)
    return sorted(rows.values(), key=lambda r: (-r.flags, -(r.detection_frequency or 0), r.substance.name_zh))


# The concern entries of a substance depend only on the classifier (rebuilt, as a new object, whenever lists or
# substances change) and the substance: kept per classifier, so that the page does not match every listed
# substance's structure against every rule on every request.
_concerns: dict[str, Any] = {"classifier": None, "rows": {}}


def _concern(substance: Substance, index: Any) -> list[str]:
    if _concerns["classifier"] is not index[0]:
        _concerns.update(classifier=index[0], rows={})
    key = (substance.pk, substance.cas, substance.smiles)
    found = _concerns["rows"].get(key)
    if found is None:
        found = sorted({
            f"{m.entry.regulatory_list.code} {m.entry.item}" for m in classify_substance(substance, index=index)
            if m.entry.regulatory_list.code in CONCERN_LISTS
        })  # fmt: skip
        _concerns["rows"][key] = found
    return list(found)


# --- public reads: the published local priority lists (the public portal) ----------------------------------------


def published_priority_list_ids() -> set[int]:
    """The regulatory lists the bureau published from a priority draft (drafts and withdrawn ones never count)."""
    return set(
        PriorityDraft.objects.filter(status=PriorityDraft.Status.PUBLISHED, published_list__isnull=False).values_list(
            "published_list_id", flat=True
        )
    )


def published_priority_items(*, substance_id: int) -> list[dict[str, Any]]:
    """Where the substance stands on published local priority lists: the list, its area and year, rank, category."""
    items = (
        PriorityItem.objects.filter(
            substance_id=substance_id, included=True, draft__status=PriorityDraft.Status.PUBLISHED,
            draft__published_list__isnull=False,
        )
        .select_related("draft__district", "draft__published_list")
        .order_by("-draft__year", "rank")
    )  # fmt: skip
    return [
        {"list_id": item.draft.published_list_id, "list_title": getattr(item.draft.published_list, "title_zh", ""),
         "district": item.draft.district.name_zh, "year": item.draft.year, "rank": item.rank,
         "category": item.category, "published_at": item.draft.published_at}
        for item in items
    ]  # fmt: skip


def public_hazard_flags(*, substance: Substance) -> list[str]:
    """The hazard flags (PBT, vPvB, CMR/STOT RE, endocrine disruptor) of the substance's reliable hazard data."""
    return hazard_flags(hazard_profile(substance))


# --- estimates for unmonitored substances (issue 18) --------------------------------------------------------------


def latest_done_run(*, compartment: str = "freshwater") -> AssessmentRun | None:
    """The newest finished ecological run of the compartment."""
    return (
        AssessmentRun.objects.filter(kind=AssessmentRun.Kind.ECOLOGICAL, status=AssessmentRun.Status.DONE,
                                     compartment=compartment)
        .defer("inputs", "exposure").order_by("-created_at", "-pk").first()
    )  # fmt: skip


def estimated_without_data(*, compartment: str = "freshwater") -> dict[int, dict[str, Any]]:
    """substance id → its estimated RQ where the newest finished run of the compartment has an estimate and no
    monitoring data: ``rq``, ``pec_ng_l``, ``enterprises`` (how many report a release to water), ``run_id``."""
    run = latest_done_run(compartment=compartment)
    if run is None or not run.estimate_unmonitored:
        return {}
    return {
        row["substance_id"]: {"rq": row["rq"], "pec_ng_l": row["pec"], "enterprises": row["enterprises"],
                              "run_id": run.pk}
        for row in section_rows(run, ESTIMATES) if not row.get("measured")
    }  # fmt: skip

"""Hazard data: the shipped values, and a substance's data read into the PBT screening and the PNEC derivation.

The arithmetic is ``science.hazard``; this module decides which of several values of a property the screening
uses (Klimisch 1–2 only, the most protective one) and keeps the choice visible: every criterion names the
datum, and the datum links to its source.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from npgov.core.models import User
from npgov.risk.models import EcotoxEndpoint, HazardDatum, Pnec
from npgov.science.hazard import PBTResult, PNECDerivation, pbt_assess, pnec_derive, t_classifications
from npgov.substances.selectors import substance_ids_by_cas, substance_list

if TYPE_CHECKING:
    from npgov.substances.models import Substance

DATA_DIR = Path(__file__).resolve().parent / "data"
RELIABLE = (1, 2)  # Klimisch categories the screening accepts
HALF_LIFE_COMPARTMENTS = {
    "half_life_fresh_water": "fresh_water", "half_life_marine_water": "marine_water",
    "half_life_fresh_sediment": "fresh_sediment", "half_life_marine_sediment": "marine_sediment",
    "half_life_soil": "soil",
}  # fmt: skip


@transaction.atomic
def hazard_data_load(*, directory: Path | None = None) -> dict[str, int]:
    """Create the shipped hazard data and ecotoxicity endpoints that are not there yet (never overwrites)."""
    folder = directory or DATA_DIR
    substances = substance_ids_by_cas()
    counts = {"created": 0, "unchanged": 0, "substance_not_in_registry": 0}
    for row in csv.DictReader((folder / "hazard_data.csv").open(encoding="utf-8")):
        if row["cas"] not in substances:
            counts["substance_not_in_registry"] += 1
            continue
        value = float(row["value"]) if row["value"].strip() else None
        _datum, created = HazardDatum.objects.get_or_create(
            substance_id=substances[row["cas"]], property=row["property"], value=value, text=row["text"],
            source=row["source"],
            defaults={"kind": row["kind"], "reliability": int(row["reliability"]), "note": row["note"],
                      "verified": row["verified"] == "yes"},
        )  # fmt: skip
        counts["created" if created else "unchanged"] += 1
    for row in csv.DictReader((folder / "ecotox_endpoints.csv").open(encoding="utf-8")):
        if row["cas"] not in substances:
            counts["substance_not_in_registry"] += 1
            continue
        _endpoint, created = EcotoxEndpoint.objects.get_or_create(
            substance_id=substances[row["cas"]], species=row["species"], endpoint=row["endpoint"],
            duration=row["duration"], value_mg_l=float(row["value_mg_l"]), source=row["source"],
            defaults={"trophic_level": row["trophic_level"], "kind": row["kind"],
                      "exposure_days": float(row["exposure_days"]) if row["exposure_days"] else None,
                      "reliability": int(row["reliability"]), "note": row["note"],
                      "verified": row["verified"] == "yes"},
        )  # fmt: skip
        counts["created" if created else "unchanged"] += 1
    return counts


@dataclass
class HazardProfile:
    """What the screening read for one substance, what it concluded, and which datum decided each criterion."""

    substance: Substance
    data: list[Any]
    endpoints: list[Any]
    pnecs: list[Any]
    pbt: PBTResult
    derivation: PNECDerivation
    used: dict[str, Any] = field(default_factory=dict)  # criterion → the HazardDatum / EcotoxEndpoint it used
    excluded: list[Any] = field(default_factory=list)  # data not used (Klimisch 3–4)
    classifications: list[str] | None = None  # the reliable CLP entries; None when no classification is known


def _extreme(data: list[Any], prop: str, *, highest: bool = True) -> Any | None:
    candidates = [d for d in data if d.property == prop and d.value is not None]
    if not candidates:
        return None
    return max(candidates, key=lambda d: d.value) if highest else min(candidates, key=lambda d: d.value)


def hazard_profile(substance: Any) -> HazardProfile:
    """The PBT/vPvB screening and the TGD PNEC derivation of ``substance`` from its reliable data.

    Per property the most protective reliable value is used: the longest half-life per compartment, the highest
    BCF and log Kow, the lowest long-term NOEC/EC10. A classification datum (even "none") makes the CMR/STOT RE
    part of T known; without one, T on classification is "insufficient data".
    """
    data = list(substance.hazard_data.all())
    endpoints = list(substance.ecotox_endpoints.all())
    reliable = [d for d in data if d.reliability in RELIABLE]
    reliable_endpoints = [e for e in endpoints if e.reliability in RELIABLE]
    used: dict[str, Any] = {}
    half_lives = {}
    for prop, compartment in HALF_LIFE_COMPARTMENTS.items():
        datum = _extreme(reliable, prop)
        if datum is not None:
            half_lives[compartment] = datum.value
            used[f"half-life {compartment.replace('_', ' ')}"] = datum
    bcf, log_kow = _extreme(reliable, "bcf"), _extreme(reliable, "log_kow")
    chronic = [e for e in reliable_endpoints if e.duration == EcotoxEndpoint.Duration.LONG
               and e.endpoint in (EcotoxEndpoint.Endpoint.NOEC, EcotoxEndpoint.Endpoint.EC10)]  # fmt: skip
    noec = min(chronic, key=lambda e: e.value_mg_l) if chronic else None
    classified = [d for d in reliable if d.property == "classification"]
    classifications = None
    if classified:
        classifications = [part.strip() for d in classified for part in d.text.replace("；", ";").split(";")]
        classifications = [c for c in classifications if c and c.lower() not in ("none", "无")]
    endocrine = [d for d in reliable if d.property == "endocrine_disruptor"]
    for name, item in (("BCF", bcf), ("log Kow", log_kow), ("NOEC/EC10", noec)):
        if item is not None:
            used[name] = item
    for datum in classified + endocrine:
        used.setdefault(datum.get_property_display(), datum)
    pbt = pbt_assess(
        half_lives_days=half_lives,
        bcf=bcf.value if bcf else None,
        log_kow=log_kow.value if log_kow else None,
        noec_mg_l=noec.value_mg_l if noec else None,
        classifications=classifications,
        endocrine_disruptor=any(d.text.strip().lower() in ("yes", "是") for d in endocrine) if endocrine else None,
    )
    freshwater = [e for e in reliable_endpoints if e.compartment == "freshwater"]
    derivation = pnec_derive(
        {"species": e.species, "trophic_level": e.trophic_level, "duration": e.duration, "value": e.value_mg_l}
        for e in freshwater
    )
    return HazardProfile(
        substance=substance, data=data, endpoints=endpoints, pnecs=list(substance.pnecs.all()), pbt=pbt,
        derivation=derivation, used=used, classifications=classifications,
        excluded=[d for d in data if d.reliability not in RELIABLE]
        + [e for e in endpoints if e.reliability not in RELIABLE],
    )  # fmt: skip


@transaction.atomic
def pnec_adopt(*, substance: Substance, user: User) -> Pnec:
    """Store the TGD-derived fresh-water PNEC of ``substance`` with its derivation; refuses without one."""
    profile = hazard_profile(substance)
    derivation = profile.derivation
    if derivation["pnec"] is None:
        raise ValueError(_("No PNEC can be derived: %(rule)s") % {"rule": derivation["rule"]})
    endpoint = derivation["endpoint"]
    used = [e for e in profile.endpoints if e.reliability in RELIABLE and e.compartment == "freshwater"]
    pnec = Pnec(
        substance=substance, compartment="freshwater", value=round(derivation["pnec"] * 1000, 12), unit="µg/L",
        basis=(f"EU TGD AF {derivation['assessment_factor']} on {endpoint['species']} "
               f"{endpoint['value']:g} mg/L")[:200],
        derivation={**derivation, "endpoint_ids": [e.pk for e in used]},
        source=_("Derived in NPGov from the ecotoxicity endpoints listed in the derivation (EU TGD 2003, Part II, "
                 "Table 16)."),
        verified=all(e.verified for e in used),
        note=_("Derived by %(user)s.") % {"user": user},
    )  # fmt: skip
    pnec._history_user = user
    pnec._change_reason = "derived from endpoints"
    pnec.full_clean()
    pnec.save()
    return pnec


def hazard_flags(profile: HazardProfile) -> list[str]:
    """The hazard reasons for "high concern" in the three-highs screening: PBT, vPvB, CMR/STOT RE, ED."""
    pbt = profile.pbt
    flags = [name for name in ("PBT", "vPvB") if pbt[name] == "met"]
    # from the classifications themselves: T may have been decided by a low NOEC first
    flags += [f"CMR/STOT RE: {text}" for text in t_classifications(profile.classifications or [])]
    if pbt["endocrine_disruptor"]:
        flags.append("ED")
    return flags


def hazard_flags_by_substance() -> dict[int, tuple[Any, list[str]]]:
    """substance id → (substance, its hazard flags) for every substance with hazard data and at least one flag."""
    with_data = set(HazardDatum.objects.values_list("substance_id", flat=True))
    with_data |= set(EcotoxEndpoint.objects.values_list("substance_id", flat=True))
    substances = substance_list(ids=with_data).prefetch_related("hazard_data", "ecotox_endpoints", "pnecs")
    out = {}
    for substance in substances:
        flags = hazard_flags(hazard_profile(substance))
        if flags:
            out[substance.pk] = (substance, flags)
    return out

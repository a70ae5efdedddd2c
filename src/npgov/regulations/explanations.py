"""Why a chemical matched an entry, in the user's language (the science core returns codes and values)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from npgov.regulations.models import ListEntry
from npgov.science.classification import Match

CLASS_NAMES = {
    "sulfonamides": "磺胺类 sulfonamides",
    "fluoroquinolones": "氟喹诺酮类 fluoroquinolones",
    "quinolones": "喹诺酮类 quinolones",
    "tetracyclines": "四环素类 tetracyclines",
    "macrolides": "大环内酯类 macrolides",
    "beta_lactams": "β-内酰胺类 beta-lactams",
    "amphenicols": "酰胺醇类 amphenicols",
    "lincosamides": "林可胺类 lincosamides",
    "nitroimidazoles": "硝基咪唑类 nitroimidazoles",
    "nitrofurans": "硝基呋喃类 nitrofurans",
    "diaminopyrimidines": "二氨基嘧啶类 diaminopyrimidines",
}


def _member_name(entry: ListEntry, cas: str) -> str:
    for member in entry.members.all():
        if member.cas == cas:
            return member.name_zh or member.name_en or cas
    for item in (entry.group_rule or {}).get("group_cas") or []:
        if str(item.get("cas")) == cas:
            return item.get("name_zh") or item.get("name_en") or cas
    return cas


def explain(match: Match, *, entry: ListEntry, cas: str = "") -> str:
    if match.basis == "cas":
        return _("CAS RN %(cas)s is named in this entry (%(name)s).") % {
            "cas": match.member_cas,
            "name": _member_name(entry, match.member_cas),
        }
    if match.basis == "parent" and match.stereo_ignored:
        return _(
            "Without stereochemistry its structure is that of %(name)s (CAS RN %(cas)s), named in this entry; "
            "give the stereoisomer to confirm."
        ) % {"name": _member_name(entry, match.member_cas), "cas": match.member_cas}
    if match.basis == "parent":
        return _(
            "Its parent structure is %(name)s (CAS RN %(cas)s), named in this entry: "
            "it is a salt or another form of it."
        ) % {"name": _member_name(entry, match.member_cas), "cas": match.member_cas}
    return _explain_rule(match)


def _explain_rule(match: Match) -> str:  # noqa: PLR0911  (one wording per rule type)
    hit = match.hit
    assert hit is not None
    p = dict(hit.params)
    if hit.code == "chlorinated_paraffin":
        return _(
            "A straight-chain chlorinated alkane with %(carbons)s carbons and %(fraction)s chlorine by weight; "
            "the group covers C%(low)s–C%(high)s with more than %(minimum)s chlorine."
        ) % {
            "carbons": p["carbons"],
            "fraction": f"{p['chlorine_fraction']:.1%}",
            "low": p["carbon_min"],
            "high": p["carbon_max"],
            "minimum": f"{p['minimum']:.0%}",
        }
    if hit.code == "perfluoro_acid":
        return _(
            "Has a perfluoroalkyl chain of %(n)s fully fluorinated carbons on the head group of %(target)s "
            "(the acid itself, a salt, or a derivative of that head group)."
        ) % {"n": p["perfluorinated_carbons"], "target": p["target"]}
    if hit.code == "pfoa_related":
        return _(
            "Contains the perfluoroheptyl moiety (C7F15)C (%(n)s fully fluorinated carbons in the chain): a "
            "PFOA-related compound by the Stockholm Convention definition."
        ) % {"n": p["perfluorinated_carbons"]}
    if hit.code == "element":
        if p.get("oxidation_state"):
            return _("A compound of %(element)s(VI): at least two oxo groups on %(element)s.") % {
                "element": p["element"]
            }
        return _("Contains the element %(element)s.") % {"element": p["element"]}
    if hit.code == "halogenated_scaffold":
        return _("A %(scaffold)s skeleton carrying %(count)s %(halogen)s atoms and no other substituents.") % p
    if hit.code == "alkyl_phenol":
        return _("A phenol with one saturated C%(n)s alkyl chain (NPGov convention for the isomers of this group).") % {
            "n": p["alkyl_carbons"]
        }
    if hit.code == "structural_class":
        return _("Has the core structure of the %(name)s class (SMARTS %(pattern)s; NPGov structural convention).") % {
            "name": CLASS_NAMES.get(p["class"], p["class"]),
            "pattern": p["pattern"],
        }
    return _("Matches the group pattern %(pattern)s.") % {"pattern": p.get("pattern", "")}

"""Localised names of the science layer's codes (RQ bands, NORMAN action categories) for pages and exports."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

RQ_CATEGORY_LABELS = {
    "low": _("low"),
    "medium": _("medium"),
    "high": _("high"),
    "cannot conclude": _("cannot conclude"),
}
ACTION_CATEGORY_LABELS = {
    1: _("control / mitigation measures"),
    2: _("screening campaigns"),
    3: _("rigorous hazard assessment"),
    4: _("improvement of analytical methods"),
    5: _("screening and hazard assessment"),
    6: _("reduced monitoring efforts"),
}
PBT_STATUS_LABELS = {"met": _("met"), "not met": _("not met"), "insufficient data": _("insufficient data")}


# The MEC statistic a run compares with the PNEC, as readers read it (the run stores the code).
MEC_STATISTIC_LABELS = {
    "max": _("maximum detected"),
    "p95": _("95th percentile (Kaplan–Meier)"),
    "km_mean": _("Kaplan–Meier mean"),
}

# The exposure parameters of a health run and the populations, as readers read them (the run stores codes).
EXPOSURE_PARAMETER_LABELS = {
    "ir": _("drinking-water intake"),
    "bw": _("body weight"),
    "ef": _("exposure frequency"),
    "ed": _("exposure duration"),
    "at_cancer": _("averaging time (cancer)"),
}
POPULATION_LABELS = {"adult": _("adults"), "child": _("children")}

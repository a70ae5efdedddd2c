"""Control measures (一品一策) in plain language: what each kind of measure means for citizens and for enterprises."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from npgov.regulations.choices import MeasureKind

# The three families the plans name: ban, restrict, limit emissions (禁、限、限排); the rest are duties.
FAMILY: dict[str, str] = {
    MeasureKind.BAN_PRODUCTION: "ban", MeasureKind.BAN_PROCESSING_USE: "ban", MeasureKind.BAN_IMPORT: "ban",
    MeasureKind.BAN_EXPORT: "ban", MeasureKind.RESTRICT_PRODUCTION: "restrict",
    MeasureKind.RESTRICT_PROCESSING_USE: "restrict", MeasureKind.RESTRICT_IMPORT: "restrict",
    MeasureKind.RESTRICT_EXPORT: "restrict", MeasureKind.EMISSION_CONTROL: "emission",
    MeasureKind.PRODUCT_CONTENT_LIMIT: "restrict",
}  # fmt: skip
FAMILY_LABELS = {
    "ban": _("Ban"),
    "restrict": _("Restriction"),
    "emission": _("Emission limit"),
    "duty": _("Management duty"),
}
FAMILY_BADGES = {"ban": "text-bg-danger", "restrict": "text-bg-warning", "emission": "text-bg-info",
                 "duty": "text-bg-secondary"}  # fmt: skip

# (what it means for citizens, what it means for enterprises)
PLAIN: dict[str, tuple[Any, Any]] = {
    MeasureKind.BAN_PRODUCTION: (
        _("It may no longer be made in China, so products made here should not contain it on purpose."),
        _("Producing it is prohibited; existing production must stop by the date given."),
    ),
    MeasureKind.BAN_PROCESSING_USE: (
        _("Factories may no longer use it, so it should disappear from new products."),
        _("Processing or using it is prohibited, except for any exempted uses listed."),
    ),
    MeasureKind.BAN_IMPORT: (
        _("It may not be brought into the country."),
        _("Importing it is prohibited; customs will refuse it."),
    ),
    MeasureKind.BAN_EXPORT: (
        _("It may not be sold abroad from China."),
        _("Exporting it is prohibited."),
    ),
    MeasureKind.RESTRICT_PRODUCTION: (
        _("It may still be made, but only for the purposes and in the amounts allowed."),
        _("Production is allowed only for the permitted purposes and under the stated conditions."),
    ),
    MeasureKind.RESTRICT_PROCESSING_USE: (
        _("Its use is limited to certain purposes; other uses are not allowed."),
        _("Use it only for the permitted purposes and report as required."),
    ),
    MeasureKind.RESTRICT_IMPORT: (
        _("It may be imported only with approval."),
        _("Import only with the required approval or release notice."),
    ),
    MeasureKind.RESTRICT_EXPORT: (
        _("It may be exported only with approval."),
        _("Export only with the required approval or notice."),
    ),
    MeasureKind.EMISSION_CONTROL: (
        _("Factories must limit how much of it reaches the air, water and soil."),
        _("Control and monitor its releases and meet the emission standards."),
    ),
    MeasureKind.PRODUCT_CONTENT_LIMIT: (
        _("Products on sale must not contain more of it than the limit."),
        _("Keep its content in your products below the limit; market regulators test products."),
    ),
    MeasureKind.DISCLOSURE: (
        _("Enterprises that use or release it must tell the public about it every year."),
        _("Publish the required information on it each year."),
    ),
    MeasureKind.MONITORING: (
        _("The authorities measure it in the environment and publish the results."),
        _("Cooperate with monitoring and monitor your own releases where required."),
    ),
    MeasureKind.CLEANER_PRODUCTION_AUDIT: (
        _("Enterprises using it must check how to use less of it and release less."),
        _("Carry out the mandatory cleaner-production audit."),
    ),
    MeasureKind.HAZARDOUS_WASTE: (
        _("Waste containing it is hazardous waste and is treated safely."),
        _("Manage waste containing it as hazardous waste."),
    ),
    MeasureKind.SOIL_HIDDEN_DANGER: (
        _("Sites where it is handled are checked for soil pollution risks."),
        _("Inspect your site for soil pollution hidden dangers."),
    ),
    MeasureKind.RELEASE_NOTICE: (
        _("Its import and export are checked by customs."),
        _("Obtain the import/export release notice before shipping."),
    ),
    MeasureKind.OTHER: (
        _("Other management requirements apply; see the text of the measure."),
        _("See the text of the measure for your duties."),
    ),
}


def explain(kind: str) -> dict[str, object]:
    """The family (ban/restrict/emission/duty), its label and badge, and the two plain-language sentences."""
    family = FAMILY.get(kind, "duty")
    citizens, enterprises = PLAIN.get(kind, PLAIN[MeasureKind.OTHER])
    return {"family": family, "family_label": FAMILY_LABELS[family], "badge": FAMILY_BADGES[family],
            "citizens": citizens, "enterprises": enterprises}  # fmt: skip


def verified_exempt_uses(exempt_uses: object) -> list[dict[str, str]]:
    """The measure's exempted uses that are verified against their source: the use and its end date if any."""
    rows = []
    for use in exempt_uses if isinstance(exempt_uses, list) else []:
        if isinstance(use, dict) and use.get("verified") and (use.get("use_zh") or use.get("use_en")):
            rows.append({"use": str(use.get("use_zh") or use.get("use_en")), "until": str(use.get("until") or "")})
    return rows


def measure_row(measure: object) -> dict[str, object]:
    """A measure for a page: the measure, its plain-language explanation and its verified exempted uses."""
    return {"measure": measure, **explain(str(getattr(measure, "kind", ""))),
            "exempt": verified_exempt_uses(getattr(measure, "exempt_uses", None))}  # fmt: skip

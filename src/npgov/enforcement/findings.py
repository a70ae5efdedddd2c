"""The list measure a finding of an enforcement check names (product samples, import/export checks).

A finding names the list measure when there is one: a product finding uses the substance's
``product_content_limit`` measure, a trade finding its release-notice, ban or restriction measure of the
direction; where the substance has none the finding stands on the check's own description.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from npgov.regulations.services.classification import classify_substance

if TYPE_CHECKING:
    from npgov.regulations.models import ControlMeasure
    from npgov.substances.models import Substance


def _measures_of(substance: Substance, cache: dict[int, list[ControlMeasure]]) -> list[ControlMeasure]:
    if substance.pk not in cache:
        cache[substance.pk] = [m for match in classify_substance(substance) for m in match.entry.measures.all()]
    return cache[substance.pk]


def measure_for(
    substance: Substance, kinds: Iterable[str], cache: dict[int, list[ControlMeasure]]
) -> ControlMeasure | None:
    """The substance's first list measure of the first kind in ``kinds`` that it has, or None."""
    measures = _measures_of(substance, cache)
    for kind in kinds:
        for measure in measures:
            if measure.kind == kind:
                return measure
    return None

"""Monitoring writes outside the importer: import templates, keeping uploads, withdrawing a batch, drafted plans."""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from npgov.core.choices import ALL_ACCESS_ROLES
from npgov.core.models import ImportBatch
from npgov.monitoring.fields import FIELDS
from npgov.monitoring.importers import TARGET
from npgov.monitoring.models import MonitoringPlan, MonitoringPlanLine, Result, Sample
from npgov.monitoring.summaries import lock, refresh_cells, series_keys


def _example(site: str, time: str, substance: str, value: str, unit: str, lod: str, loq: str, **more: str) -> list[str]:
    """A template row in the order of FIELDS."""
    given = {"site": site, "sampled_at": time, "substance": substance, "value": value, "unit": unit, "lod": lod,
             "loq": loq, **more}  # fmt: skip
    return [given.get(f.key, "") for f in FIELDS]


LONG_EXAMPLE = [
    _example("DL-DW-01", "2025-06-18 09:30", "1763-23-1", "1.52", "ng/L", "0.1", "0.3", method="HJ 1333-2023",
             sample_code="DW01-0618"),
    _example("DL-DW-01", "2025-06-18 09:30", "335-67-1", "ND", "ng/L", "0.1", "0.3", method="HJ 1333-2023",
             sample_code="DW01-0618"),
    _example("DL-DW-01", "2025-06-18 09:30", "全氟己基磺酸", "<0.3", "ng/L", "0.1", "0.3", method="HJ 1333-2023",
             sample_code="DW01-0618"),
    _example("DL-SD-01", "2025-06-20", "1763-23-1", "0.84", "ng/g dw", "0.05", "0.15", matrix="沉积物", depth_m="0.1",
             sample_code="SD01-0620"),
]  # fmt: skip
WIDE_HEADERS = [
    "站点编码",
    "采样时间",
    "单位",
    "实验室",
    "样品编号",
    "PFOS (1763-23-1)",
    "PFOA (335-67-1)",
    "PFHxS (355-46-4)",
]
WIDE_EXAMPLE = [
    ["检出限", "", "", "", "", "0.01", "0.01", "0.02"],
    ["DL-DW-01", "2025-06-18 09:30", "µg/L", "", "DW01-0618", "0.015", "ND", "<0.02"],
    ["DL-DW-02", "2025-06-18 10:10", "µg/L", "", "DW02-0618", "ND", "0.012", "0.02L"],
]  # fmt: skip


def template_sheets(fmt: str) -> list[tuple[str, list[list[str]]]]:
    """The downloadable template of the long or wide format: instructions and a data sheet with examples."""
    help_rows = [[_("column"), _("required"), _("what to write")]]
    for f in FIELDS:
        if fmt == "wide" and f.key in ("substance", "value"):
            continue
        required = f.wide if fmt == "wide" else f.required
        help_rows.append([f.aliases[0], _("yes") if required else "", str(f.help or f.label)])
    if fmt == "wide":
        title_help = _("Title: the substance's name and CAS RN, e.g. PFOS (1763-23-1). Cells: the values.")
        help_rows.append([_("one column per analyte"), _("yes"), title_help])
        limits_help = _("Optional rows right under the titles giving each analyte's LOD or LOQ; needed for ND.")
        help_rows.append([_("row 检出限 / 定量限"), "", limits_help])
        data = [WIDE_HEADERS, *WIDE_EXAMPLE]
    else:
        data = [[f.aliases[0] for f in FIELDS], *LONG_EXAMPLE]
    help_rows.append([])
    censored_help = _("<0.5 or 0.5L: below the limit 0.5; ND or 未检出: below the LOD column; NA: not analysed.")
    help_rows.append([_("Non-detects"), "", censored_help])
    help_rows.append([_("Replace the example rows with your data; site codes must be on the site list.")])
    return [("数据", data), ("说明", help_rows)]


def upload_keep(upload: Any) -> tuple[Path, str]:
    """Keep an uploaded file under MEDIA_ROOT/imports (streamed in chunks) for the mapping step and the job."""
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    suffix = Path(upload.name).suffix.lower()[:6]
    partial = folder / f"upload-{uuid.uuid4().hex}.part"  # unique: two uploads of one name must not mix
    with partial.open("wb") as handle:
        for chunk in upload.chunks():
            digest.update(chunk)
            handle.write(chunk)
    path = folder / f"{digest.hexdigest()}{suffix}"
    partial.replace(path)
    return path, digest.hexdigest()


UPLOAD_TOKEN = re.compile(r"^[0-9a-f]{64}\.[a-z]{1,5}$")


def kept_upload(token: str) -> Path | None:
    """The kept upload named by ``token`` (its SHA-256 and suffix), never a path outside the folder."""
    if not UPLOAD_TOKEN.match(token or ""):
        return None
    folder = (Path(settings.MEDIA_ROOT) / "imports").resolve()
    path = (folder / token).resolve()
    if path.parent != folder or not path.is_file():
        return None
    return path


def batch_withdraw(*, batch: ImportBatch, user: Any) -> dict[str, int]:
    """Delete a committed results batch: its results, and the samples it created when nothing else uses them.

    Refused while a later batch has added results to this batch's samples (withdraw that one first).
    """
    if batch.target != TARGET:
        raise ValidationError(_("This batch is not a monitoring results import."))
    if not (user.is_superuser or user.role in ALL_ACCESS_ROLES):
        raise PermissionDenied(_("Only the bureau can withdraw an import."))
    with transaction.atomic():
        samples = Sample.objects.filter(batch=batch)
        foreign = Result.objects.filter(sample__in=samples).exclude(batch=batch)
        if foreign.exists():
            raise ValidationError(
                _("Other imports added results to samples of this one: withdraw those first (batches %(ids)s).")
                % {"ids": ", ".join(str(i) for i in sorted(set(foreign.values_list("batch_id", flat=True)))[:10])}
            )
        lock()  # not while an import or the statistics job writes
        touched = series_keys(Result.objects.filter(batch=batch))
        results, _detail = Result.objects.filter(batch=batch).delete()
        sample_count = samples.count()
        samples._raw_delete(samples.db)  # their results are gone: no cascade left to collect
        batch.delete()
        refresh_cells(touched)  # the maintained statistics, in this transaction (issue 17)
    return {"results": results, "samples": sample_count}


# --- next year's plan from the draft (issue 18, item 3) -------------------------------------------------------------


@dataclass(frozen=True)
class PlanLineInput:
    """One line of a plan to write: ids as the draft proposed them, samples and laboratory as the bureau left them."""

    site_id: int
    substance_id: int
    samples_per_year: int
    lab_id: int | None = None
    reasons: tuple[str, ...] = ()
    score: int = 0
    rq: float | None = None


def _plan_lines_check(lines: Sequence[PlanLineInput], budget: int | None) -> None:
    if not lines:
        raise ValidationError(_("Choose at least one line for the plan."))
    pairs = {(line.site_id, line.substance_id) for line in lines}
    if len(pairs) != len(lines):
        raise ValidationError(_("A substance appears twice for the same site."))
    analyses = sum(line.samples_per_year for line in lines)
    if budget is not None and analyses > budget:
        raise ValidationError(
            _("The lines need %(analyses)s analyses, more than the budget of %(budget)s.")
            % {"analyses": analyses, "budget": budget}
        )


def plan_create_with_lines(
    *, name: str, year: int, lines: Sequence[PlanLineInput], user: Any, description: str = "",
    budget: int | None = None,
) -> MonitoringPlan:  # fmt: skip
    """Create a monitoring plan with its lines, sites and substances, in one short transaction (bureau only).

    Each line is validated like a form would (declared ranges, known reason codes); with ``budget`` the lines'
    analyses (samples per year summed) may not exceed it. Writes the plan, its lines (with history) and the plan's
    sites and substances; nothing when any check fails.
    """
    if not (user.is_superuser or user.role in ALL_ACCESS_ROLES):
        raise PermissionDenied(_("Only the bureau can create a monitoring plan."))
    _plan_lines_check(lines, budget)
    plan = MonitoringPlan(name=name, year=year, description=description)
    plan.full_clean()
    rows = [MonitoringPlanLine(plan=plan, site_id=line.site_id, substance_id=line.substance_id,
                               samples_per_year=line.samples_per_year, lab_id=line.lab_id,
                               reasons=list(line.reasons), score=line.score, rq=line.rq) for line in lines]  # fmt: skip
    for row in rows:
        row.full_clean(exclude=["plan", "site", "substance", "lab"])  # the keys: checked by the database
    with transaction.atomic():
        plan.save()
        bulk_create_with_history(rows, MonitoringPlanLine, default_user=user, default_change_reason="drafted plan")
        plan.sites.set(sorted({line.site_id for line in lines}))
        plan.substances.set(sorted({line.substance_id for line in lines}))
    return plan

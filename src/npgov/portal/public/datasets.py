"""Open data: building a dataset's CSV and JSON, the licence statement, and the datasets of published enforcement.

The CSV goes through ``core.exports`` (formula escaping, UTF-8 with a BOM for Excel); the JSON carries the
dataset's key, title, licence, source and the time it was generated with the rows.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from npgov.enforcement.inspections import selectors as inspections
from npgov.portal.opendata import DATASETS, Dataset, register_dataset

# The licence of every dataset and page of the portal (shown on the about page and in each JSON download).
LICENCE = _(
    "Open data: anyone may copy, publish, adapt and reuse these data, for any purpose including commercial use, "
    "free of charge, provided the source is credited as “Municipal Bureau of Ecology and Environment, new "
    "pollutant governance public portal”. The data are provided as they are, without warranty."
)
SOURCE = _("Municipal Bureau of Ecology and Environment, new pollutant governance public portal")


def dataset_or_none(key: str) -> Dataset | None:
    return DATASETS.get(key)


def _column_label(label: Any) -> str:
    return str(label)


def csv_bytes(dataset: Dataset) -> bytes:
    """The dataset as CSV (header row of labels, then values), as core.exports writes it."""
    from npgov.core.exports import csv_response  # here: it loads openpyxl, which start-up must not

    header = [_column_label(label) for _key, label in dataset.columns]
    keys = [key for key, _label in dataset.columns]
    rows = ([row.get(key) for key in keys] for row in dataset.rows())
    streamed = csv_response([header, *rows], dataset.key)
    return b"".join(streamed)


def dataset_document(dataset: Dataset, request: HttpRequest | None = None) -> dict[str, Any]:
    """The JSON document of a dataset (also the API's answer)."""
    page = reverse("portal:opendata")
    return {
        "dataset": dataset.key,
        "title": str(dataset.title),
        "description": str(dataset.description),
        "licence": str(LICENCE),
        "source": {"name": str(SOURCE), "url": request.build_absolute_uri(page) if request is not None else page},
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "columns": [{"key": key, "label": str(label)} for key, label in dataset.columns],
        "rows": [{key: row.get(key) for key, _label in dataset.columns} for row in dataset.rows()],
    }


def csv_download(dataset: Dataset) -> HttpResponse:
    response = HttpResponse(csv_bytes(dataset), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{dataset.key}.csv"'
    return response


def json_download(dataset: Dataset, request: HttpRequest) -> HttpResponse:
    body = json.dumps(dataset_document(dataset, request), cls=DjangoJSONEncoder, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{dataset.key}.json"'
    return response


def register() -> None:
    """The datasets of the pages this area serves: published draw results and published cases."""
    register_dataset(
        Dataset(
            key="inspection-draws",
            title=_("Random inspections: published draws and results"),
            description=_(
                "One row per enterprise selected by a published “double random, one public” draw: the draw, its "
                "random seed, the enterprise, its district, the inspection status and outcome."
            ),
            columns=(
                ("draw", _("draw")),
                ("drawn_on", _("drawn on")),
                ("seed", _("random seed")),
                ("enterprise", _("enterprise")),
                ("district", _("district")),
                ("due_date", _("inspections due")),
                ("status", _("status")),
                ("outcome", _("outcome")),
            ),
            rows=inspections.public_draw_result_rows,
            page_url_name="enforcement:public_draws",
            order=80,
        )
    )
    register_dataset(
        Dataset(
            key="enforcement-cases",
            title=_("Enforcement cases published"),
            description=_("One row per published enforcement case: number, enterprise, decision, penalty and date."),
            columns=(
                ("number", _("case number")),
                ("enterprise", _("enterprise")),
                ("district", _("district")),
                ("decision", _("penalty decision")),
                ("penalty_yuan", _("penalty (yuan)")),
                ("decided_on", _("decided on")),
                ("status", _("status")),
            ),
            rows=inspections.public_case_rows,
            page_url_name="enforcement:public_cases",
            order=81,
        )
    )

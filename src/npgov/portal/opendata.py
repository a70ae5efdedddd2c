"""Open data (开放数据): every table the portal shows is also a dataset, downloadable as CSV and JSON.

Each portal area registers its datasets in its ``registration.py``; the open-data pages list them and serve
them at stable URLs (``/portal/data/<key>.csv`` and ``.json``). A dataset's rows hold only what the portal
shows: never an enterprise's confidential quantity, an unpublished record or a reporter's personal data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Dataset:
    key: str  # the stable URL slug; never renamed once published
    title: StrOrPromise
    description: StrOrPromise
    columns: tuple[tuple[str, StrOrPromise], ...]  # (row key, column label); the JSON uses the keys
    rows: Callable[[], Iterable[Mapping[str, Any]]]
    page_url_name: str | None = None  # the portal page that shows the same data
    order: int = 100


DATASETS: dict[str, Dataset] = {}


def register_dataset(dataset: Dataset) -> None:
    DATASETS[dataset.key] = dataset


def datasets_in_order() -> list[Dataset]:
    return sorted(DATASETS.values(), key=lambda d: (d.order, d.key))

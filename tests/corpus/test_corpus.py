"""The bad-input corpus (issue 16): every file under tests/corpus/ through its importer.

For each case of MANIFEST.json (written by build_corpus.py) and each generated one (generated.py):

- through the importer's service: either a clean, exact success (the rows and values the manifest
  states) or a refusal with a localised message that names the row and column the manifest states;
- nothing half-written: on a refusal, the target tables hold exactly what they held before;
- through the upload page as the user who would upload it: never a server error;
- a hang guard (not a speed target: speed is measured in bench/): each case must end within
  :data:`HANG_GUARD_SECONDS`; the generated large files also within a memory bound (tracemalloc).
"""

from __future__ import annotations

import json
import re
import signal
import threading
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from npgov.core.choices import Role
from npgov.core.models import Department, District, ImportBatch
from tests.conftest import Personas, client_for
from tests.core.factories import UserFactory
from tests.corpus.generated import GENERATED

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent
CASES: list[dict[str, Any]] = json.loads((ROOT / "MANIFEST.json").read_text(encoding="utf-8"))
HANG_GUARD_SECONDS = 60
MEMORY_BOUND_BYTES = 300 * 1024 * 1024
CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Outcome:
    ok: bool
    rows: int = 0
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # (row, column, message)


@contextmanager
def hang_guard(seconds: int = HANG_GUARD_SECONDS) -> Iterator[None]:
    """Fail (rather than hang the suite) when a case runs away; only where signals reach the test."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(_signum: int, _frame: Any) -> None:
        raise TimeoutError(f"the case did not end within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# --- the world each importer needs -----------------------------------------------------------------
class World:
    """The records the corpus files refer to, made once per test."""

    def __init__(self, personas: Personas) -> None:
        from tests.capacity.factories import LabFactory
        from tests.monitoring.factories import SiteFactory

        self.personas = personas
        ganjingzi = District.objects.get(code="210211")
        for code, kind in (("DL-DW-01", "drinking_water"), ("DL-SD-01", "sediment")):
            SiteFactory(code=code, name=f"语料{code}", kind=kind, district=ganjingzi, latitude=38.99, longitude=121.61)
        LabFactory(name="市监测中心")
        self.samr = UserFactory(username="corpus-samr", role=Role.DEPARTMENT,
                                department=Department.objects.get(code="dl-samr"))  # fmt: skip
        self._submission: Any = None

    def submission(self) -> Any:
        if self._submission is None:
            from tests.enterprises.factories import EnterpriseFactory
            from tests.surveys.factories import CampaignFactory

            campaign = CampaignFactory(year=2025)
            company = EnterpriseFactory(name="语料示例化工", district=District.objects.get(code="210211"))
            company.users.add(self.personas.enterprise)
            client_for(self.personas.enterprise).post(campaign.get_absolute_url(), {"enterprise": company.pk})
            from npgov.surveys.models import Submission

            self._submission = Submission.objects.get(enterprise=company)
        return self._submission

    def product_sample(self) -> None:
        from npgov.enforcement.products import services
        from tests.enforcement.factories import ProductSampleFactory

        services.product_limits_load()
        ProductSampleFactory(code="DL-CP-CORPUS-1")


# --- drivers: one per importer, through its service ------------------------------------------------
def _report_outcome(report: Any) -> Outcome:
    return Outcome(ok=report.ok, rows=report.rows, errors=[(e.row, e.column, e.message) for e in report.errors])


def _generic(spec_key: str) -> Callable[[World, bytes, str], Outcome]:
    def run(world: World, data: bytes, filename: str) -> Outcome:
        from npgov.core.importers import IMPORT_SPECS, import_run

        report = import_run(spec=IMPORT_SPECS[spec_key], data=data, filename=filename, user=world.personas.bureau)
        return _report_outcome(report)

    return run


def _monitoring(world: World, data: bytes, filename: str) -> Outcome:
    import tempfile

    from npgov.monitoring.importers import import_results

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / filename
        path.write_bytes(data)
        try:
            report = import_results(path=path, filename=filename, user=world.personas.bureau, commit=True)
        except Exception as exc:  # a file refused as a whole (the importer's own error type)
            if type(exc).__name__ not in ("ImportFileError", "TableFileError", "UploadRefused"):
                raise
            return Outcome(ok=False, errors=[(getattr(exc, "row", 0) or 0, "", str(exc))])
    return _report_outcome(report)


def _survey(world: World, data: bytes, filename: str) -> Outcome:
    from npgov.surveys.services.upload import submission_lines_import

    submission = world.submission()
    report = submission_lines_import(submission=submission, user=world.personas.enterprise, data=data,
                                     filename=filename)
    return _report_outcome(report)


def _products(world: World, data: bytes, filename: str) -> Outcome:
    from npgov.enforcement.products.importers import product_results_import

    world.product_sample()
    return _report_outcome(product_results_import(data=data, filename=filename, user=world.samr))


def _screening(world: World, data: bytes, filename: str) -> Outcome:
    from npgov.regulations.services.screening import ScreeningFileError, screening_run

    try:
        result = screening_run(data=data, filename=filename)
    except ScreeningFileError as exc:
        return Outcome(ok=False, errors=[(getattr(exc, "row", 0) or 0, "", str(exc))])
    rows = result.get("rows") if isinstance(result.get("rows"), list) else result.get("report", [])
    return Outcome(ok=True, rows=len(rows))


def _attachments(world: World, data: bytes, filename: str) -> Outcome:
    from npgov.core.attachments import validate_attachment

    try:
        validate_attachment(SimpleUploadedFile(filename, data))
    except ValidationError as exc:
        return Outcome(ok=False, errors=[(0, "", " ".join(exc.messages))])
    return Outcome(ok=True)


DRIVERS: dict[str, Callable[[World, bytes, str], Outcome]] = {
    "enterprises": _generic("enterprises"),
    "pnecs": _generic("pnecs"),
    "substances": _generic("substances"),
    "sites": _generic("monitoring-sites"),
    "monitoring": _monitoring,
    "survey": _survey,
    "products": _products,
    "screening": _screening,
    "attachments": _attachments,
}
# The tables an importer writes: a refused file must leave each exactly as it was.
TARGETS = {
    "enterprises": ["enterprises.Enterprise"],
    "pnecs": ["risk.Pnec"],
    "substances": ["substances.Substance"],
    "sites": ["monitoring.Site"],
    "monitoring": ["monitoring.Result", "monitoring.Sample"],
    "survey": ["surveys.SubmissionLine"],
    "products": ["enforcement.ProductResult"],
    "screening": [],
    "attachments": [],
}


def _counts(importer: str) -> dict[str, int]:
    counts = {label: apps.get_model(label)._default_manager.count() for label in TARGETS[importer]}
    counts["core.ImportBatch"] = ImportBatch.objects.count()
    return counts


@pytest.fixture
def world(personas: Personas) -> World:
    return World(personas)


def test_the_corpus_holds_at_least_sixty_files_across_every_importer() -> None:
    files = {case["file"] for case in CASES}
    assert len(files) >= 60
    assert all((ROOT / name).is_file() for name in files)
    assert {case["importer"] for case in CASES} == set(DRIVERS)
    assert {case["expect"] for case in CASES} == {"ok", "error"}


@pytest.mark.parametrize("case", CASES, ids=[case["file"] for case in CASES])
def test_each_file_is_refused_clearly_or_imported_exactly(world: World, case: dict[str, Any]) -> None:
    data = (ROOT / case["file"]).read_bytes()
    importer = case["importer"]
    before = _counts(importer)
    with translation.override("zh-hans"), hang_guard():
        outcome = DRIVERS[importer](world, data, Path(case["file"]).name)
    if case["expect"] == "ok":
        assert outcome.ok, f"{case['file']} ({case['why']}): {outcome.errors[:5]}"
        if "rows" in case and importer not in ("attachments",):
            assert outcome.rows == case["rows"], case["why"]
        if "field" in case:
            spec = dict(case["field"])
            model, lookup = apps.get_model(spec.pop("model")), spec.pop("lookup")
            stored = model._default_manager.get(**lookup)
            for name, expected in spec.items():
                assert getattr(stored, name) == expected, f"{case['file']}: {name}"
        if "quantity" in case:
            from decimal import Decimal

            assert world.submission().lines.get().quantity_t == Decimal(case["quantity"])
        return
    assert not outcome.ok, f"{case['file']} was accepted: {case['why']}"
    assert outcome.errors, case["file"]
    assert _counts(importer) == before, f"{case['file']}: a refused file changed the tables"
    for _row, _column, message in outcome.errors:
        assert message.strip(), case["file"]
        assert "Traceback" not in message and "File \"" not in message
    if importer != "attachments":
        assert any(CJK.search(message) for _row, _column, message in outcome.errors), (
            f"{case['file']}: the message is not in the user's language: {outcome.errors[:3]}"
        )
    if "row" in case:
        assert case["row"] in {row for row, _column, _message in outcome.errors}, (
            f"{case['file']} ({case['why']}): expected row {case['row']}, got {outcome.errors[:5]}"
        )
    if "column" in case:
        assert any(case["column"] in column for _row, column, _message in outcome.errors), (
            f"{case['file']} ({case['why']}): expected column {case['column']}, got {outcome.errors[:5]}"
        )


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_large_and_inflated_files_are_refused_quickly_within_bounded_memory(world: World, name: str) -> None:
    filename, make = GENERATED[name]
    data = make()
    before = _counts("enterprises")
    tracemalloc.start()
    try:
        with translation.override("zh-hans"), hang_guard(30):
            outcome = DRIVERS["enterprises"](world, data, filename)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert not outcome.ok and outcome.errors
    assert _counts("enterprises") == before
    assert peak < MEMORY_BOUND_BYTES, f"{name}: {peak / 2**20:.0f} MB"


# --- the same files through the pages: never a server error ---------------------------------------
def _page(world: World, importer: str) -> tuple[Any, str, dict[str, str]]:
    """(client, upload URL, extra form fields) of the person who uploads this kind of file."""
    p = world.personas
    if importer == "survey":
        return client_for(p.enterprise), world.submission().get_absolute_url(), {"action": "upload"}
    if importer == "products":
        world.product_sample()
        return client_for(world.samr), reverse("enforcement:product_result_import"), {}
    urls = {
        "enterprises": "enterprises:enterprise_import", "pnecs": "risk:pnec_import",
        "substances": "substances:substance_import", "sites": "monitoring:site_import",
        "monitoring": "monitoring:result_import", "screening": "regulations:screening_upload",
    }  # fmt: skip
    return client_for(p.bureau), reverse(urls[importer]), {}


PAGE_CASES = [case for case in CASES if case["importer"] != "attachments"]


@pytest.mark.parametrize("case", PAGE_CASES, ids=[case["file"] for case in PAGE_CASES])
def test_no_file_makes_the_upload_page_fail(world: World, case: dict[str, Any]) -> None:
    importer = case["importer"]
    client, url, extra = _page(world, importer)
    before = _counts(importer)
    upload = SimpleUploadedFile(Path(case["file"]).name, (ROOT / case["file"]).read_bytes())
    with hang_guard():
        response = client.post(url, {**extra, "file": upload}, follow=True, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code < 500
    if case["expect"] == "error":
        assert _counts(importer) == before, f"{case['file']}: the page saved part of a refused file"

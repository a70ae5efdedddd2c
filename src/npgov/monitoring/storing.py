"""Storing validated results: samples matched or created, results appended — COPY on PostgreSQL, on a
second thread while the next block is checked; ``executemany`` on SQLite — and the maintained statistics of
the series written (``summaries.refresh_cells``). All inside the import's one short transaction
(:func:`write_checked`).

Part of the monitoring importer (``reading.py`` reads, ``checking.py`` checks, ``importers.py`` runs both passes).
"""

from __future__ import annotations

import io
import queue
import threading
import time
from typing import TYPE_CHECKING, Any

import polars as pl
from django.db import connection, transaction
from django.utils.translation import gettext_lazy

from npgov.core.db import side_connection
from npgov.core.models import ImportBatch
from npgov.monitoring.models import Result, Sample
from npgov.monitoring.summaries import refresh_cells

if TYPE_CHECKING:
    from npgov.monitoring.checking import _Context

TARGET = "monitoring.result"  # the import batches' target

SAMPLE_KEY = ("site_id", "sampled_at", "matrix", "depth_m", "lab_id")
RESULT_COLUMNS = (
    "sample_id", "substance_id", "site_id", "sampled_at", "matrix", "value_reported", "unit_reported", "qualifier",
    "value", "lod", "loq", "qa_flags", "batch_id",
)  # fmt: skip


SAMPLE_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "site_id": pl.Int64, "sampled_at": pl.Datetime("us", "UTC"), "matrix": pl.String, "depth_m": pl.Float64,
    "lab_id": pl.Int64, "sample_id": pl.Int64, "_new": pl.Boolean,
}  # fmt: skip


def attach_samples(valid: pl.DataFrame, context: _Context) -> pl.DataFrame:
    """Give each row its sample id, creating the samples this file introduces; mark rows already stored.

    Samples are matched on (site, time, matrix, depth, laboratory) with joins, never row by row.
    """
    keys = valid.select(*SAMPLE_KEY, "method", "sample_code").unique(subset=list(SAMPLE_KEY), keep="first")
    known = keys.join(context.sample_index, on=list(SAMPLE_KEY), how="left", nulls_equal=True)
    unknown = known.filter(pl.col("sample_id").is_null()).select(keys.columns)
    if unknown.height:
        stored = _stored_samples(unknown, context)
        # SQLite reads this transaction's own samples back: keep only those not already indexed
        stored = stored.filter(~pl.col("sample_id").is_in(context.sample_index["sample_id"].implode()))
        if stored.height:
            context.sample_index = pl.concat([context.sample_index, stored])
            known = keys.join(context.sample_index, on=list(SAMPLE_KEY), how="left", nulls_equal=True)
            unknown = known.filter(pl.col("sample_id").is_null()).select(keys.columns)
    if unknown.height:
        ids = _reserve_ids("monitoring_sample", unknown.height, context)
        created = unknown.with_columns(sample_id=pl.Series(ids, dtype=pl.Int64))
        _write_samples(created, context)
        context.sample_index = pl.concat(
            [context.sample_index, created.select(*SAMPLE_KEY, "sample_id", _new=pl.lit(True))]
        )
        context.report.samples_created += created.height
    valid = valid.join(context.sample_index, on=list(SAMPLE_KEY), how="left", nulls_equal=True)
    old_samples = valid.filter(~pl.col("_new"))["sample_id"].unique().to_list()
    stored_pairs: list[tuple[int, int]] = []
    for start in range(0, len(old_samples), 5000):
        chunk = old_samples[start : start + 5000]
        pairs_query = Result.objects.filter(sample_id__in=chunk).values_list("sample_id", "substance_id")
        stored_pairs.extend(_committed_rows(context, pairs_query))
    if stored_pairs:
        pairs = pl.DataFrame(stored_pairs, schema={"sample_id": pl.Int64, "substance_id": pl.Int64}, orient="row")
        valid = valid.join(pairs.with_columns(_exists=pl.lit(True)), on=["sample_id", "substance_id"], how="left")
        return valid.with_columns(pl.col("_exists").fill_null(False))
    return valid.with_columns(_exists=pl.lit(False))


def _committed_rows(context: _Context, queryset: Any) -> list[tuple[Any, ...]]:
    """The rows of a query about data committed before this import.

    On PostgreSQL it runs on a side connection, so that it does not queue behind the COPY the writer
    thread has in flight on the import's own connection.
    """
    with context.report.timed("lookups"):
        if context.side is None:
            return list(queryset.iterator(chunk_size=5000))
        statement, params = queryset.query.sql_with_params()
        with context.side.cursor() as cursor:
            cursor.execute(statement, params)
            return cursor.fetchall()


STORED_MESSAGE = gettext_lazy(
    "Already in the database: this site, time, matrix, depth, lab and substance were imported before."
)


def report_stored_duplicates(valid: pl.DataFrame, context: _Context) -> None:
    """After a first error: report the rows already stored, without writing anything more."""
    keys = valid.select(*SAMPLE_KEY).unique()
    stored = _stored_samples(keys, context)
    if stored.height == 0:
        return
    matched = valid.join(stored.select(*SAMPLE_KEY, "sample_id"), on=list(SAMPLE_KEY), how="inner", nulls_equal=True)
    ids = matched["sample_id"].unique().to_list()
    pairs: set[tuple[int, int]] = set()
    for start in range(0, len(ids), 5000):
        query = Result.objects.filter(sample_id__in=ids[start : start + 5000]).values_list("sample_id", "substance_id")
        pairs.update(_committed_rows(context, query))
    for line, column, sample_id, substance_id in matched.select(
        "_line", "_column", "sample_id", "substance_id"
    ).iter_rows():
        if (sample_id, substance_id) in pairs:
            context.report.add(line, column, "already_stored", str(STORED_MESSAGE))


def _stored_samples(keys: pl.DataFrame, context: _Context) -> pl.DataFrame:
    """Samples already in the database among ``keys`` (one query over their sites and time span)."""
    found = Sample.objects.filter(
        site_id__in=keys["site_id"].unique().to_list(),
        sampled_at__gte=keys["sampled_at"].min(),
        sampled_at__lte=keys["sampled_at"].max(),
    ).values_list(*SAMPLE_KEY, "pk")
    rows = _committed_rows(context, found)
    schema = {k: SAMPLE_SCHEMA[k] for k in (*SAMPLE_KEY, "sample_id")}
    frame = pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)
    return frame.with_columns(_new=pl.lit(False))


def _reserve_ids(table: str, count: int, context: _Context) -> list[int]:
    """Ids for rows written by COPY or executemany.

    PostgreSQL: from the table's sequence (on the side connection when there is one: sequences are not
    transactional, and it does not wait for the COPY in flight). SQLite: after the maximum, which is
    safe because the open transaction holds SQLite's only writer lock.
    """
    if connection.vendor == "postgresql":
        statement = "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)"
        if context.side is not None:
            with context.side.cursor() as cursor:
                cursor.execute(statement, [table, count])
                return [row[0] for row in cursor.fetchall()]
        with connection.cursor() as cursor:
            cursor.execute(statement, [table, count])
            return [row[0] for row in cursor.fetchall()]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        first = cursor.fetchone()[0] + 1
        return list(range(first, first + count))


class CopyWriter:
    """Runs PostgreSQL COPYs on a second thread, so the server loads one batch while Python checks the next.

    It uses the same connection, hence the same transaction: psycopg serialises the two threads'
    statements with the connection's lock, so a lookup from the main thread simply waits for a COPY.
    """

    def __init__(self, raw: Any) -> None:
        self.raw = raw
        self.queue: queue.Queue[tuple[str, bytes] | None] = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        self.seconds = 0.0
        self.thread = threading.Thread(target=self._run, name="npgov-copy", daemon=True)
        self.thread.start()

    @classmethod
    def start(cls) -> CopyWriter:
        connection.ensure_connection()
        return cls(connection.connection)

    def _run(self) -> None:
        while (item := self.queue.get()) is not None:
            if self.error is not None:
                continue  # drain: the main thread raises at its next put() or at close()
            statement, payload = item
            start = time.perf_counter()
            try:
                with self.raw.cursor() as cursor, cursor.copy(statement) as copy:
                    copy.write(payload)
                self.seconds += time.perf_counter() - start
            except BaseException as exc:  # handed to the main thread
                self.error = exc

    def put(self, statement: str, payload: bytes) -> None:
        self._raise()
        self.queue.put((statement, payload))

    def close(self) -> None:
        self.queue.put(None)
        self.thread.join()
        self._raise()

    def _raise(self) -> None:
        if self.error is not None:
            raise self.error


def _bulk_write(table: str, columns: tuple[str, ...], frame: pl.DataFrame, context: _Context) -> None:
    """Append ``frame`` to ``table`` in the open transaction: COPY on PostgreSQL, executemany on SQLite."""
    if connection.vendor == "postgresql":
        buffer = io.BytesIO()
        frame.write_csv(buffer, include_header=False)
        statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT csv)"
        if context.writer is not None:
            context.writer.put(statement, buffer.getvalue())
        else:
            with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
                copy.write(buffer.getbuffer())
        return
    # Django keeps SQLite datetimes as naive UTC text, "YYYY-MM-DD HH:MM:SS".
    stamps = {
        name: pl.col(name).dt.convert_time_zone("UTC").dt.replace_time_zone(None).dt.strftime("%Y-%m-%d %H:%M:%S")
        for name, dtype in frame.schema.items()
        if isinstance(dtype, pl.Datetime)
    }
    placeholders = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})",
            frame.with_columns(**stamps).iter_rows(),
        )


SAMPLE_COLUMNS = (
    "id", "site_id", "sampled_at", "matrix", "depth_m", "lab_id", "method", "sample_code", "campaign_id", "batch_id",
)  # fmt: skip


def _write_samples(created: pl.DataFrame, context: _Context) -> None:
    frame = created.select(
        pl.col("sample_id").alias("id"), "site_id", "sampled_at", "matrix", "depth_m", "lab_id",
        pl.col("method").fill_null("").str.slice(0, 100), pl.col("sample_code").fill_null("").str.slice(0, 60),
        pl.lit(None, dtype=pl.Int64).alias("campaign_id"), pl.lit(context.batch.pk, dtype=pl.Int64).alias("batch_id"),
    )  # fmt: skip
    _bulk_write("monitoring_sample", SAMPLE_COLUMNS, frame, context)


def write_results(valid: pl.DataFrame, context: _Context) -> None:
    frame = valid.select(
        "sample_id", "substance_id", "site_id", "sampled_at", "matrix", "value_reported", "unit_reported",
        "qualifier", "value", "lod", "loq", "qa_flags", pl.lit(context.batch.pk, dtype=pl.Int64).alias("batch_id"),
    )  # fmt: skip
    _bulk_write("monitoring_result", RESULT_COLUMNS, frame, context)


def write_checked(context: _Context) -> None:
    """Pass 2: write the checked rows in one short transaction (samples matched or created, results appended).

    Rows stored by another import since the check are still found here, and the whole file is then refused.
    """
    report = context.report
    # Lookups of stored rows go through a side connection only when nothing uncommitted can matter:
    # inside a caller's transaction (a test, a bigger operation) they must see its writes.
    side_lookups = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # one import at a time: the duplicate checks look at committed rows, so two files sharing rows
            # imported at once would both pass (SQLite's single writer serialises imports already)
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext('npgov.monitoring.import'))")
        context.batch = ImportBatch.objects.create(
            target=TARGET, file_name=report.file_name[:255], sha256=report.sha256,
            user=context.user if getattr(context.user, "is_authenticated", False) else None,
        )  # fmt: skip
        if connection.vendor == "postgresql":
            context.writer = CopyWriter.start()
            context.side = side_connection() if side_lookups else None
        try:
            for spooled in context.spooled:
                valid = pl.read_ipc(spooled)
                with report.timed("samples"):
                    valid = attach_samples(valid, context)
                duplicates = valid.filter(pl.col("_exists"))
                for line, column in duplicates.select("_line", "_column").iter_rows():
                    report.add(line, column, "already_stored", str(STORED_MESSAGE))
                if duplicates.height:
                    break
                with report.timed("write"):
                    write_results(valid, context)
                year = pl.col("sampled_at").dt.convert_time_zone("Asia/Shanghai").dt.year()  # a cell's local year
                touched = valid.select("site_id", "substance_id", "matrix", year.alias("year")).unique()
                context.touched.update(touched.iter_rows())
        finally:
            if context.side is not None:
                context.side.close()
            if context.writer is not None:
                with report.timed("wait"):
                    context.writer.close()  # waits for the last COPY; re-raises its error
                report.timings["copy"] = context.writer.seconds
        if report.ok:
            with report.timed("statistics"):
                refresh_cells(context.touched)  # the maintained statistics, in this transaction (issue 17)
            context.batch.rows = report.results
            context.batch.created = report.results
            context.batch.save(update_fields=["rows", "created", "updated_at"])
            report.committed = True
            report.batch_id = context.batch.pk
        else:
            transaction.set_rollback(True)

"""Move every run's results JSON into RunResultRow rows (one per row of each section), in computed order.

The row building is written out here (not imported) so that the migration keeps doing what it did when the
storage module changes; ``score`` is the order the pages list a section in, as ``risk.results.row_score``.
A separate migration from the column's removal: PostgreSQL refuses to alter a table with pending trigger events
(the rows' deferred foreign keys) in the same transaction.
"""

import math

from django.db import migrations

BATCH = 2000
SCORE_LIMIT = 1e15  # the range of the score column (ANY_FINITE)


def _finite(value):
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    return max(-SCORE_LIMIT, min(SCORE_LIMIT, float(value))) if ok else 0.0


def _score(kind, section, data):
    if section == "substances":
        return _finite(data.get("risk_score"))
    if kind == "health" and section == "sites":
        return max(_finite(data.get("hi_child")), _finite(data.get("hi_adult")))
    if section == "rows":
        return max(_finite(data.get("hq_child")), _finite(data.get("hq_adult")))
    return _finite(data.get("rq"))


def _id(data, key):
    value = data.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**31 else None


def forwards(apps, schema_editor):
    AssessmentRun = apps.get_model("risk", "AssessmentRun")
    RunResultRow = apps.get_model("risk", "RunResultRow")
    db = schema_editor.connection.alias
    for pk in AssessmentRun.objects.using(db).order_by("pk").values_list("pk", flat=True):
        kind, results = AssessmentRun.objects.using(db).filter(pk=pk).values_list("kind", "results").get()
        batch = []
        for section, items in (results or {}).items():
            if section not in ("sites", "substances", "rows") or not isinstance(items, list):
                continue
            for position, data in enumerate(items):
                batch.append(RunResultRow(run_id=pk, section=section, position=position,
                                          site_id=_id(data, "site_id"), substance_id=_id(data, "substance_id"),
                                          score=_score(kind, section, data), data=data))
                if len(batch) >= BATCH:
                    RunResultRow.objects.using(db).bulk_create(batch)
                    batch = []
        RunResultRow.objects.using(db).bulk_create(batch)


def backwards(apps, schema_editor):
    AssessmentRun = apps.get_model("risk", "AssessmentRun")
    RunResultRow = apps.get_model("risk", "RunResultRow")
    db = schema_editor.connection.alias
    for run in AssessmentRun.objects.using(db).order_by("pk"):
        results = {"health": {"rows": [], "sites": []}}.get(run.kind, {"sites": [], "substances": []})
        rows = RunResultRow.objects.using(db).filter(run_id=run.pk).order_by("section", "position")
        for section, data in rows.values_list("section", "data").iterator(chunk_size=BATCH):
            results.setdefault(section, []).append(data)
        AssessmentRun.objects.using(db).filter(pk=run.pk).update(results=results)
    RunResultRow.objects.using(db).all().delete()


class Migration(migrations.Migration):
    dependencies = [("risk", "0005_run_result_rows")]

    operations = [migrations.RunPython(forwards, backwards)]

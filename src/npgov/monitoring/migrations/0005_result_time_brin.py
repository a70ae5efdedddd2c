"""A BRIN index on the results' sampling time (PostgreSQL only; nothing on SQLite) — issue 17, docs/scale.md.

Results are appended in roughly the order they are sampled (a lab reports a round weeks after it), so a
block range of the table holds a narrow span of times, and a period's results (a year's export, a run over
the last years) are found by reading only those block ranges: 32 kB of index for 4,000,000 rows, against
184 MB for the B-tree (-sampled_at, -id) that orders the results list. ``autosummarize`` keeps the ranges
of newly appended blocks summarised without waiting for a VACUUM. The index is not declared on the model:
Django's BrinIndex would be created on SQLite too, which has no such access method.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS mon_result_time_brin ON monitoring_result "
    "USING brin (sampled_at) WITH (pages_per_range = 64, autosummarize = on)"
)
DROP = "DROP INDEX IF EXISTS mon_result_time_brin"


def _on_postgresql(statement: str) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0004_maintained_statistics")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP), elidable=False)]

"""A covering index of the statistics cells for the three-highs screening's per-substance totals (issue 17).

An index-only scan of (matrix, substance, site, n, detected) instead of reading the cells' wide JSON rows.
The model's ``SummaryCell.Meta.indexes`` declares the same index.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0005_result_time_brin")]

    operations = [
        migrations.AddIndex(
            model_name="summarycell",
            index=models.Index(fields=["matrix", "substance", "site", "n", "detected"], name="mon_cell_matrix_totals"),
        ),
    ]

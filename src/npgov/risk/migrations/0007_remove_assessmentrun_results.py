"""The results JSON column goes (its rows are in RunResultRow since 0006), from the runs and their history."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("risk", "0006_run_results_to_rows")]

    operations = [
        migrations.RemoveField(model_name="assessmentrun", name="results"),
        migrations.RemoveField(model_name="historicalassessmentrun", name="results"),
    ]

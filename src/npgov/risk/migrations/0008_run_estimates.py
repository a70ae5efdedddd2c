# Runs before this migration computed no estimates: their rows get False (so that they still reproduce);
# new runs default to True.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('risk', '0007_remove_assessmentrun_results'),
    ]

    operations = [
        migrations.AddField(
            model_name='assessmentrun',
            name='estimate_unmonitored',
            field=models.BooleanField(default=False, help_text="Fresh-water ecological runs: an estimated RQ (PEC / PNEC) from the enterprises' reported releases to water, kept apart from the measured RQs.", verbose_name='estimate unmonitored substances'),
        ),
        migrations.AddField(
            model_name='historicalassessmentrun',
            name='estimate_unmonitored',
            field=models.BooleanField(default=False, help_text="Fresh-water ecological runs: an estimated RQ (PEC / PNEC) from the enterprises' reported releases to water, kept apart from the measured RQs.", verbose_name='estimate unmonitored substances'),
        ),
        migrations.AlterField(
            model_name='runresultrow',
            name='section',
            field=models.CharField(choices=[('sites', 'sites'), ('substances', 'substances'), ('rows', 'rows'), ('estimates', 'estimates')], max_length=10),
        ),
        migrations.AlterField(
            model_name='assessmentrun',
            name='estimate_unmonitored',
            field=models.BooleanField(default=True, help_text="Fresh-water ecological runs: an estimated RQ (PEC / PNEC) from the enterprises' reported releases to water, kept apart from the measured RQs.", verbose_name='estimate unmonitored substances'),
        ),
        migrations.AlterField(
            model_name='historicalassessmentrun',
            name='estimate_unmonitored',
            field=models.BooleanField(default=True, help_text="Fresh-water ecological runs: an estimated RQ (PEC / PNEC) from the enterprises' reported releases to water, kept apart from the measured RQs.", verbose_name='estimate unmonitored substances'),
        ),
    ]

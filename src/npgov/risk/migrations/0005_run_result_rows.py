"""Run results as rows (issue 17): the table; 0006 moves the stored results into it, 0007 drops the column."""

import django.db.models.deletion
import npgov.core.numbers
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('risk', '0004_field_ranges'),
    ]

    operations = [
        migrations.CreateModel(
            name='RunResultRow',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('section', models.CharField(choices=[('sites', 'sites'), ('substances', 'substances'), ('rows', 'rows')], max_length=10)),
                ('position', models.PositiveIntegerField(validators=[npgov.core.numbers.RangeValidator(0, 2147483647, True, '')])),
                ('site_id', models.PositiveIntegerField(blank=True, null=True, validators=[npgov.core.numbers.RangeValidator(0, 2147483647, True, '')])),
                ('substance_id', models.PositiveIntegerField(blank=True, null=True, validators=[npgov.core.numbers.RangeValidator(0, 2147483647, True, '')])),
                ('score', models.FloatField(default=0.0, validators=[npgov.core.numbers.RangeValidator(-1000000000000000.0, 1000000000000000.0, True, '')])),
                ('data', models.JSONField()),
                ('run', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='result_rows', to='risk.assessmentrun')),
            ],
            options={
                'indexes': [models.Index(fields=['run', 'section', '-score', 'position'], name='risk_result_row_score'), models.Index(fields=['run', 'section', 'substance_id'], name='risk_result_row_substance')],
                'constraints': [models.UniqueConstraint(fields=('run', 'section', 'position'), name='risk_result_row_unique'), models.CheckConstraint(condition=models.Q(models.Q(('position__gte', 0), ('position__lte', 2147483647)), ('position__isnull', True), _connector='OR'), name='risk_runresultrow_position_range'), models.CheckConstraint(condition=models.Q(models.Q(('site_id__gte', 0), ('site_id__lte', 2147483647)), ('site_id__isnull', True), _connector='OR'), name='risk_runresultrow_site_id_range'), models.CheckConstraint(condition=models.Q(models.Q(('substance_id__gte', 0), ('substance_id__lte', 2147483647)), ('substance_id__isnull', True), _connector='OR'), name='risk_runresultrow_substance_id_range'), models.CheckConstraint(condition=models.Q(models.Q(('score__gte', -1000000000000000.0), ('score__lte', 1000000000000000.0)), ('score__isnull', True), _connector='OR'), name='risk_runresultrow_score_range')],
            },
        ),
    ]

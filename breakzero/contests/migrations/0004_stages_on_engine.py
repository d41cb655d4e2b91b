"""Contest stages on the calls engine (a call per stage: panel, assignments, score sheets); a hand-entered
judge score may be linked to the pool's expert."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('calls', '0002_seed_holidays'),
        ('contests', '0003_chinese_model_names'),
    ]

    operations = [
        migrations.AddField(
            model_name='judgescore',
            name='expert',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='calls.expert', verbose_name='对应库内专家'),
        ),
        migrations.AlterField(
            model_name='judgescore',
            name='judge',
            field=models.CharField(max_length=50, verbose_name='评委（原记录）'),
        ),
        migrations.CreateModel(
            name='ContestStage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('stage', models.CharField(choices=[('registered', '已报名'), ('preliminary', '初赛'), ('semi_final', '复赛'), ('final', '决赛')], max_length=12, verbose_name='阶段')),
                ('advance_count', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='晋级（入围）数量')),
                ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='结果确定时间')),
                ('call', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='contest_stage', to='calls.call', verbose_name='评审批次')),
                ('contest', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='stages', to='contests.contest', verbose_name='大赛届次')),
            ],
            options={
                'verbose_name': '大赛评审阶段',
                'verbose_name_plural': '大赛评审阶段',
                'ordering': ['contest', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('contest', 'stage'), name='contest_stage_once')],
            },
        ),
    ]

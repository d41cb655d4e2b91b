"""Chinese names of the contest models (the audit trail prints a model's verbose_name)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('contests', '0002_national_result'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='contest',
            options={'ordering': ['-year', 'kind'], 'verbose_name': '大赛届次', 'verbose_name_plural': '大赛届次'},
        ),
        migrations.AlterModelOptions(
            name='entry',
            options={'ordering': ['contest', 'group', 'project', 'pk'], 'verbose_name': '参赛项目', 'verbose_name_plural': '参赛项目'},
        ),
        migrations.AlterModelOptions(
            name='judgescore',
            options={'ordering': ['stage', 'judge'], 'verbose_name': '评委评分（历史记录）', 'verbose_name_plural': '评委评分（历史记录）'},
        ),
    ]

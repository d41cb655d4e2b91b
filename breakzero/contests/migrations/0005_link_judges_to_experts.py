"""Hand-entered judge scores are kept as recorded (the judge's name stays as typed, nothing is deleted); where the
typed name is the name of exactly one expert of the engine's pool, the score is linked to that expert so that it
reads beside the expert's later sheets. Ambiguous or unknown names stay unlinked."""

from collections import defaultdict

from django.db import migrations


def link_judges(apps, schema_editor):
    Expert = apps.get_model("calls", "Expert")
    JudgeScore = apps.get_model("contests", "JudgeScore")
    by_name = defaultdict(list)
    for pk, name in Expert.objects.values_list("pk", "name"):
        by_name[name.strip()].append(pk)
    for score in JudgeScore.objects.filter(expert__isnull=True).only("pk", "judge"):
        matches = by_name.get(score.judge.strip(), [])
        if len(matches) == 1:
            JudgeScore.objects.filter(pk=score.pk).update(expert_id=matches[0])


def unlink_judges(apps, schema_editor):
    apps.get_model("contests", "JudgeScore").objects.update(expert=None)


class Migration(migrations.Migration):

    dependencies = [
        ("calls", "0002_seed_holidays"),
        ("contests", "0004_stages_on_engine"),
    ]

    operations = [migrations.RunPython(link_judges, unlink_judges)]

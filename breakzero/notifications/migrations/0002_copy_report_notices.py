"""Copy the reports app's in-app notices into the one notice centre (before that model goes)."""

from django.db import migrations


def copy(apps, schema_editor):
    Old = apps.get_model("reports", "Notification")
    Notice = apps.get_model("notifications", "Notice")
    batch = []
    for old in Old.objects.order_by("pk").iterator(chunk_size=2000):
        batch.append(Notice(user_id=old.user_id, kind="other", title=old.text, url=old.url,
                            created_at=old.created_at, read_at=old.read_at))
        if len(batch) >= 2000:
            Notice.objects.bulk_create(batch)
            batch = []
    Notice.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_notices"),
        ("reports", "0001_plans_bulletins_tasks"),
    ]

    operations = [migrations.RunPython(copy, migrations.RunPython.noop)]

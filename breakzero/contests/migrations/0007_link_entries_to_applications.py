"""Link each entry to its applications in its edition's stage calls (before teams, the link was the enterprise)."""

from django.db import migrations


def link(apps, schema_editor):
    Entry = apps.get_model("contests", "Entry")
    Application = apps.get_model("calls", "Application")
    Through = Entry.applications.through
    rows = []
    for entry_id, contest_id, enterprise_id in Entry.objects.filter(enterprise__isnull=False).values_list(
            "pk", "contest_id", "enterprise_id"):
        for application_id in Application.objects.filter(call__contest_stage__contest_id=contest_id,
                                                         enterprise_id=enterprise_id).values_list("pk", flat=True):
            rows.append(Through(entry_id=entry_id, application_id=application_id))
    Through.objects.bulk_create(rows, ignore_conflicts=True)


def unlink(apps, schema_editor):
    apps.get_model("contests", "Entry").applications.through.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("contests", "0006_teams_and_provincial_review"), ("calls", "0003_application_applicant_without_enterprise")]

    operations = [migrations.RunPython(link, unlink)]

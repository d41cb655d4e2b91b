"""Publishing the 小巨人（推荐）list used to create a national 小巨人 Title. A recommendation is not a
recognition: turn each such Title back into the recommendation it was (a ProgrammeListing of the
application), so the doubling indicator stops counting it. Imported and recognised titles are untouched.
"""

import re

from django.db import migrations

SOURCE = re.compile(r"^平台审核发布（申报 #(\d+)）$")


def recommendations_from_titles(apps, schema_editor):
    Title = apps.get_model("cultivation", "Title")
    Application = apps.get_model("cultivation", "Application")
    Listing = apps.get_model("cultivation", "ProgrammeListing")
    for title in Title.objects.filter(tier="little_giant", source__startswith="平台审核发布"):
        match = SOURCE.match(title.source)
        application = Application.objects.filter(pk=int(match.group(1)), programme="tier_little_giant").first() if match else None
        if application is None:
            continue
        Listing.objects.get_or_create(
            enterprise_id=title.enterprise_id, programme="tier_little_giant", batch=application.batch,
            defaults={"listed_on": title.recognized_on, "application": application},
        )
        title.delete()


def titles_from_recommendations(apps, schema_editor):
    """Reverse: the old behaviour (a national Title per published recommendation)."""
    import datetime as dt

    Title = apps.get_model("cultivation", "Title")
    Listing = apps.get_model("cultivation", "ProgrammeListing")
    for listing in Listing.objects.filter(programme="tier_little_giant", application__isnull=False):
        day = listing.listed_on
        try:
            until = day.replace(year=day.year + 3)
        except ValueError:
            until = dt.date(day.year + 3, 2, 28)
        Title.objects.get_or_create(
            enterprise_id=listing.enterprise_id, tier="little_giant", level="national", recognized_on=day,
            defaults={"batch": listing.batch, "valid_until": until, "source": f"平台审核发布（申报 #{listing.application_id}）"},
        )
        listing.delete()


class Migration(migrations.Migration):
    dependencies = [("cultivation", "0003_title_authority_step_override")]

    operations = [migrations.RunPython(recommendations_from_titles, titles_from_recommendations)]

"""Load Hunan's divisions and historical/statistical codes (shared/reference, copied to data/)."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def load(apps, schema_editor):
    Region = apps.get_model("regions", "Region")
    RegionAlias = apps.get_model("regions", "RegionAlias")
    with open(DATA / "hunan-divisions.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for order, row in enumerate(rows):
        level = row["level"]
        code = row["code"]
        city_code = "" if level == "province" else (code if level == "prefecture" else row["parent_code"])
        Region.objects.update_or_create(
            code=code,
            defaults={
                "name": row["name"],
                "level": level,
                "parent_id": row["parent_code"] or None,
                "city_code": city_code,
                "sort_order": order,
            },
        )
    with open(DATA / "hunan-divisions-historical.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            target = row["replaced_by"] or row["parent_code"]
            RegionAlias.objects.update_or_create(
                code=row["code"],
                defaults={
                    "name": row["name"],
                    "kind": row["kind"],
                    "region_id": target,
                    "changed_in": int(row["changed_in"]) if row["changed_in"] else None,
                    "note": row["note"],
                },
            )


def unload(apps, schema_editor):
    apps.get_model("regions", "RegionAlias").objects.all().delete()
    apps.get_model("regions", "Region").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]

"""Seed the editable industrial-chain list from shared/reference (unverified, codes.md §5)."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "hunan-industrial-chains.csv"


def load(apps, schema_editor):
    IndustrialChain = apps.get_model("enterprises", "IndustrialChain")
    with open(DATA, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            IndustrialChain.objects.update_or_create(
                code=f"C{int(row['no']):02d}",
                defaults={"name": row["name"], "sort_order": int(row["no"]), "note": f"{row['status']} {row['note']}".strip()},
            )


def unload(apps, schema_editor):
    apps.get_model("enterprises", "IndustrialChain").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]

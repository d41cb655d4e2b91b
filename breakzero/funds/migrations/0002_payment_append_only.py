"""PostgreSQL refuses UPDATE and DELETE on payments and recoveries (issue's reliability clause: a payment,
once recorded, is corrected only by a reversing entry). The ORM guards (funds.models.AppendOnlyQuerySet,
Payment.save/delete) stop the application; this stops raw SQL and other clients too."""

from django.db import migrations

TABLES = ("funds_payment", "funds_recovery")

CREATE = """
CREATE OR REPLACE FUNCTION funds_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only (correct it by a reversing entry): % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
""" + "".join(f"""
DROP TRIGGER IF EXISTS {t}_append_only ON {t};
CREATE TRIGGER {t}_append_only BEFORE UPDATE OR DELETE ON {t} FOR EACH ROW EXECUTE FUNCTION funds_append_only();
""" for t in TABLES)
DROP = "".join(f"DROP TRIGGER IF EXISTS {t}_append_only ON {t};\n" for t in TABLES) + \
    "DROP FUNCTION IF EXISTS funds_append_only();\n"


def _run(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("funds", "0001_initial")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP), elidable=False)]

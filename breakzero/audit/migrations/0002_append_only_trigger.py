"""PostgreSQL refuses UPDATE and DELETE on the audit trail; only archive_audit may delete,
inside a transaction that ran `SET LOCAL breakzero.audit_archive = 'on'`."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('breakzero.audit_archive', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit trail is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_auditentry_append_only ON audit_auditentry;
CREATE TRIGGER audit_auditentry_append_only BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_auditentry_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS audit_auditentry_append_only ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_auditentry_append_only();
"""


def _run(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_audit_entry")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP), elidable=False)]

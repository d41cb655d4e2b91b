"""PostgreSQL: the audit trail can only shrink through one SECURITY DEFINER function, owned by
a separate role, that itself refuses entries younger than the retention floor (180 days,
等保 2.0 安全审计). The session switch `breakzero.audit_archive` is no longer honoured, and a
statement trigger refuses TRUNCATE to every role but a superuser (who could drop the trigger
anyway: the application must not run as one). SQLite keeps its behaviour (no triggers)."""

from django.db import migrations

ARCHIVER = "breakzero_audit_archiver"
RETENTION_FLOOR = "180 days"

ROLE = f"""
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{ARCHIVER}') THEN
        CREATE ROLE {ARCHIVER} NOLOGIN;
    END IF;
    -- ALTER ... OWNER TO needs membership of the new owner unless one is a superuser;
    -- operations may revoke it after migrating (SECURITY.md, audit archive).
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
       AND NOT pg_has_role(current_user, '{ARCHIVER}', 'MEMBER') THEN
        EXECUTE format('GRANT {ARCHIVER} TO %I', current_user);
    END IF;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE EXCEPTION 'audit archive: create the role first: CREATE ROLE {ARCHIVER} NOLOGIN; GRANT {ARCHIVER} TO <application role>;';
END
$$;
"""

CREATE = f"""
CREATE OR REPLACE FUNCTION audit_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    -- Only the archive function (running as {ARCHIVER}) deletes, and never a young entry.
    IF TG_OP = 'DELETE' AND current_user = '{ARCHIVER}' AND OLD.at < now() - interval '{RETENTION_FLOOR}' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit trail is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION audit_auditentry_no_truncate() RETURNS trigger AS $$
BEGIN
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        RETURN NULL;  -- a superuser is outside what a trigger can stop (test databases are flushed so)
    END IF;
    RAISE EXCEPTION 'audit trail is append-only: TRUNCATE refused' USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_auditentry_no_truncate ON audit_auditentry;
CREATE TRIGGER audit_auditentry_no_truncate BEFORE TRUNCATE ON audit_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_auditentry_no_truncate();

CREATE OR REPLACE FUNCTION audit_archive_delete(p_before timestamptz, p_ids bigint[]) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {{schema}}, pg_temp AS $$
DECLARE
    deleted bigint;
BEGIN
    IF p_before > now() - interval '{RETENTION_FLOOR}' THEN
        RAISE EXCEPTION 'audit archive: entries younger than {RETENTION_FLOOR} are kept (cut-off % refused)', p_before
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    DELETE FROM audit_auditentry WHERE id = ANY(p_ids) AND at < p_before;
    GET DIAGNOSTICS deleted = ROW_COUNT;
    RETURN deleted;
END;
$$;
REVOKE ALL ON FUNCTION audit_archive_delete(timestamptz, bigint[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_archive_delete(timestamptz, bigint[]) TO CURRENT_USER;
GRANT SELECT, DELETE ON audit_auditentry TO {ARCHIVER};
ALTER FUNCTION audit_archive_delete(timestamptz, bigint[]) OWNER TO {ARCHIVER};
REVOKE TRUNCATE ON audit_auditentry FROM CURRENT_USER;
"""

# Back to 0002: the session switch and no TRUNCATE trigger (the role is left: other databases may use it).
DROP = """
DROP TRIGGER IF EXISTS audit_auditentry_no_truncate ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_auditentry_no_truncate();
DROP FUNCTION IF EXISTS audit_archive_delete(timestamptz, bigint[]);
GRANT TRUNCATE ON audit_auditentry TO CURRENT_USER;
CREATE OR REPLACE FUNCTION audit_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('breakzero.audit_archive', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit trail is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def forward(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        schema = connection.ops.quote_name(cursor.fetchone()[0])
    schema_editor.execute(ROLE, params=None)
    schema_editor.execute(CREATE.replace("{schema}", schema), params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]

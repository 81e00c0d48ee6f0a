"""Full-text search on PostgreSQL: a weighted tsvector per role, kept current by triggers, GIN-indexed.

A role matches on its title, other titles and summary *and* on its duties and qualifications, which
live in other tables, so no expression index over `roles_role` alone can hold the whole document.
The column is filled by triggers, so every writer (the admin's inlines, the content loader, a duty
edited in the catalogue, a shell session) keeps it current without calling anything. The column is
deliberately not a model field: Django never reads or writes it, and SQLite has nothing to migrate.
Search queries refer to it through roles/search.py.
"""

from django.db import migrations

FORWARDS = r"""
ALTER TABLE roles_role ADD COLUMN search_document tsvector;

-- Title (A); other titles and summary (B); duties and qualifications (C).
CREATE FUNCTION roles_role_search_document(
    p_role_id bigint, p_title text, p_other_titles text, p_summary text
) RETURNS tsvector LANGUAGE sql STABLE AS $$
    SELECT setweight(to_tsvector('english', coalesce(p_title, '')), 'A')
        || setweight(to_tsvector('english',
               coalesce(p_other_titles, '') || E'\n' || coalesce(p_summary, '')), 'B')
        || setweight(to_tsvector('english',
               coalesce((SELECT string_agg(d.name || E'\n' || d.description, E'\n')
                         FROM roles_roleduty rd JOIN roles_duty d ON d.id = rd.duty_id
                         WHERE rd.role_id = p_role_id), '')
               || E'\n' ||
               coalesce((SELECT string_agg(q.name || E'\n' || q.description, E'\n')
                         FROM roles_rolequalification rq
                         JOIN roles_qualification q ON q.id = rq.qualification_id
                         WHERE rq.role_id = p_role_id), '')), 'C')
$$;

CREATE FUNCTION roles_refresh_search_documents(p_role_ids bigint[]) RETURNS void
LANGUAGE sql AS $$
    UPDATE roles_role
    SET search_document = roles_role_search_document(id, title, other_titles, summary)
    WHERE id = ANY(p_role_ids)
$$;

-- A role's own row: computed as it is written.
CREATE FUNCTION roles_role_search_document_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_document := roles_role_search_document(
        NEW.id, NEW.title, NEW.other_titles, NEW.summary);
    RETURN NEW;
END
$$;
CREATE TRIGGER roles_role_search_document
    BEFORE INSERT OR UPDATE OF title, other_titles, summary ON roles_role
    FOR EACH ROW EXECUTE FUNCTION roles_role_search_document_trigger();

-- Duties or qualifications added to, moved between or removed from roles: once per statement, so
-- a bulk insert or delete refreshes each role it touches once.
CREATE FUNCTION roles_links_inserted_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM roles_refresh_search_documents(ARRAY(SELECT DISTINCT role_id FROM new_rows));
    RETURN NULL;
END
$$;
CREATE FUNCTION roles_links_updated_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM roles_refresh_search_documents(
        ARRAY(SELECT role_id FROM old_rows UNION SELECT role_id FROM new_rows));
    RETURN NULL;
END
$$;
CREATE FUNCTION roles_links_deleted_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM roles_refresh_search_documents(ARRAY(SELECT DISTINCT role_id FROM old_rows));
    RETURN NULL;
END
$$;
CREATE TRIGGER roles_roleduty_inserted_search_document
    AFTER INSERT ON roles_roleduty REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION roles_links_inserted_trigger();
CREATE TRIGGER roles_roleduty_updated_search_document
    AFTER UPDATE ON roles_roleduty REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION roles_links_updated_trigger();
CREATE TRIGGER roles_roleduty_deleted_search_document
    AFTER DELETE ON roles_roleduty REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION roles_links_deleted_trigger();
CREATE TRIGGER roles_rolequalification_inserted_search_document
    AFTER INSERT ON roles_rolequalification REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION roles_links_inserted_trigger();
CREATE TRIGGER roles_rolequalification_updated_search_document
    AFTER UPDATE ON roles_rolequalification REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION roles_links_updated_trigger();
CREATE TRIGGER roles_rolequalification_deleted_search_document
    AFTER DELETE ON roles_rolequalification REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION roles_links_deleted_trigger();

-- A catalogue duty or qualification reworded: every role that carries it.
CREATE FUNCTION roles_duty_search_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM roles_refresh_search_documents(
        ARRAY(SELECT role_id FROM roles_roleduty WHERE duty_id = NEW.id));
    RETURN NULL;
END
$$;
CREATE TRIGGER roles_duty_search_document
    AFTER UPDATE OF name, description ON roles_duty
    FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.description IS DISTINCT FROM NEW.description)
    EXECUTE FUNCTION roles_duty_search_trigger();

CREATE FUNCTION roles_qualification_search_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM roles_refresh_search_documents(
        ARRAY(SELECT role_id FROM roles_rolequalification WHERE qualification_id = NEW.id));
    RETURN NULL;
END
$$;
CREATE TRIGGER roles_qualification_search_document
    AFTER UPDATE OF name, description ON roles_qualification
    FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.description IS DISTINCT FROM NEW.description)
    EXECUTE FUNCTION roles_qualification_search_trigger();

SELECT roles_refresh_search_documents(ARRAY(SELECT id FROM roles_role));

CREATE INDEX roles_role_search_document_idx ON roles_role USING gin (search_document);
"""

BACKWARDS = r"""
DROP TRIGGER roles_qualification_search_document ON roles_qualification;
DROP TRIGGER roles_duty_search_document ON roles_duty;
DROP TRIGGER roles_rolequalification_inserted_search_document ON roles_rolequalification;
DROP TRIGGER roles_rolequalification_updated_search_document ON roles_rolequalification;
DROP TRIGGER roles_rolequalification_deleted_search_document ON roles_rolequalification;
DROP TRIGGER roles_roleduty_inserted_search_document ON roles_roleduty;
DROP TRIGGER roles_roleduty_updated_search_document ON roles_roleduty;
DROP TRIGGER roles_roleduty_deleted_search_document ON roles_roleduty;
DROP TRIGGER roles_role_search_document ON roles_role;
DROP FUNCTION roles_qualification_search_trigger();
DROP FUNCTION roles_duty_search_trigger();
DROP FUNCTION roles_links_inserted_trigger();
DROP FUNCTION roles_links_updated_trigger();
DROP FUNCTION roles_links_deleted_trigger();
DROP FUNCTION roles_role_search_document_trigger();
DROP FUNCTION roles_refresh_search_documents(bigint[]);
DROP FUNCTION roles_role_search_document(bigint, text, text, text);
ALTER TABLE roles_role DROP COLUMN search_document;
"""


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("roles", "0002_editors_group")]

    operations = [migrations.RunPython(on_postgresql(FORWARDS), on_postgresql(BACKWARDS))]

-- The migration ledger itself: created before any numbered migration runs.
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL);
COMMENT ON TABLE schema_version IS 'Migrations from sql/schema applied to this file, one row each.';
COMMENT ON COLUMN schema_version.version IS 'Number of the migration file (sql/schema/NNN_name.sql).';
COMMENT ON COLUMN schema_version.name IS 'File stem of the migration.';
COMMENT ON COLUMN schema_version.applied_at IS 'When it was applied (UTC).';

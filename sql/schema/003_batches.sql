-- casualty-claims store, version 3: ingestion batches (Dagster partitions) and HTTP validators.

CREATE TABLE ingest_batches (
    batch_key     VARCHAR PRIMARY KEY,
    sources       VARCHAR[] NOT NULL,
    first_run_at  TIMESTAMP NOT NULL,
    last_run_at   TIMESTAMP NOT NULL,
    runs          INTEGER NOT NULL,
    run_id        VARCHAR
);
COMMENT ON TABLE ingest_batches IS 'What each ingestion batch (a partition of the articles asset) read: re-running a partition reads the same sources again.';
COMMENT ON COLUMN ingest_batches.batch_key IS 'The partition key: <origin>-<UTC time>, origin being cli, inbox, feeds or manual.';
COMMENT ON COLUMN ingest_batches.sources IS 'Folders, files, page and feed URLs the batch read (secrets in URLs redacted).';
COMMENT ON COLUMN ingest_batches.first_run_at IS 'First run of the batch (UTC).';
COMMENT ON COLUMN ingest_batches.last_run_at IS 'Latest run of the batch (UTC).';
COMMENT ON COLUMN ingest_batches.runs IS 'How many runs read the batch.';
COMMENT ON COLUMN ingest_batches.run_id IS 'Dagster run id of the latest run.';

CREATE TABLE fetch_validators (
    url_hash      VARCHAR PRIMARY KEY,
    etag          VARCHAR,
    last_modified VARCHAR,
    updated_at    TIMESTAMP NOT NULL
);
COMMENT ON TABLE fetch_validators IS 'HTTP validators of fetched pages and feeds, so an unchanged page is not fetched again (If-None-Match / If-Modified-Since).';
COMMENT ON COLUMN fetch_validators.url_hash IS 'SHA-256 of the full URL: URLs may carry tokens, so they are not stored here.';
COMMENT ON COLUMN fetch_validators.etag IS 'The ETag the server last sent; null when none.';
COMMENT ON COLUMN fetch_validators.last_modified IS 'The Last-Modified the server last sent; null when none.';
COMMENT ON COLUMN fetch_validators.updated_at IS 'When the validators were last stored (UTC).';

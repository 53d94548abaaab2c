-- casualty-claims store, version 1: articles, where they were seen, claims, rejected input.
-- Applied by pipelines/store on open; never edit a released migration, add the next one.

CREATE TABLE articles (
    article_id   VARCHAR PRIMARY KEY,
    name         VARCHAR NOT NULL,
    title        VARCHAR,
    outlet       VARCHAR,
    author       VARCHAR,
    published    DATE,
    url          VARCHAR,
    text         VARCHAR NOT NULL,
    text_origin  VARCHAR NOT NULL,
    fetch_note   VARCHAR,
    ingested_at  TIMESTAMP NOT NULL,
    run_id       VARCHAR
);
COMMENT ON TABLE articles IS 'One row per distinct article text. The same text seen through a file, a feed or a URL is one row; every place is in article_locations.';
COMMENT ON COLUMN articles.article_id IS 'First 16 hex digits of the SHA-256 of the normalized text (NFC, whitespace folded): stable across sources and runs.';
COMMENT ON COLUMN articles.name IS 'File stem or URL slug where the article was first seen; the `article` field of claims extract output.';
COMMENT ON COLUMN articles.title IS 'Headline, when the source gives one or the first line looks like one; null when unknown.';
COMMENT ON COLUMN articles.outlet IS 'Publishing outlet or site name; null when unknown.';
COMMENT ON COLUMN articles.author IS 'Byline; null when unknown.';
COMMENT ON COLUMN articles.published IS 'Publication date (UTC day); null when the source gives none.';
COMMENT ON COLUMN articles.url IS 'Canonical URL of the article; null for local files without one.';
COMMENT ON COLUMN articles.text IS 'The article text exactly as read; claim offsets (start, end) index into it, in characters.';
COMMENT ON COLUMN articles.text_origin IS 'Where the text came from: body (the page or file) or feed_summary (the page could not be fetched).';
COMMENT ON COLUMN articles.fetch_note IS 'Why a feed summary stands in for the page; null otherwise.';
COMMENT ON COLUMN articles.ingested_at IS 'When the article was first stored (UTC).';
COMMENT ON COLUMN articles.run_id IS 'Dagster run id that first stored it; null outside Dagster.';

CREATE TABLE article_locations (
    article_id    VARCHAR NOT NULL,
    location      VARCHAR NOT NULL,
    first_seen_at TIMESTAMP NOT NULL,
    last_seen_at  TIMESTAMP NOT NULL,
    run_id        VARCHAR,
    PRIMARY KEY (article_id, location)
);
COMMENT ON TABLE article_locations IS 'Every path or URL an article was seen at (provenance and dedupe).';
COMMENT ON COLUMN article_locations.article_id IS 'The article (articles.article_id).';
COMMENT ON COLUMN article_locations.location IS 'File path or URL (secrets in query strings redacted).';
COMMENT ON COLUMN article_locations.first_seen_at IS 'First run that saw it there (UTC).';
COMMENT ON COLUMN article_locations.last_seen_at IS 'Latest run that saw it there (UTC).';
COMMENT ON COLUMN article_locations.run_id IS 'Dagster run id of the latest sighting; null outside Dagster.';

CREATE TABLE claims (
    claim_id          VARCHAR PRIMARY KEY,
    article_id        VARCHAR NOT NULL,
    text              VARCHAR NOT NULL,
    start             INTEGER NOT NULL,
    "end"             INTEGER NOT NULL,
    value             BIGINT,
    low               BIGINT,
    high              BIGINT,
    hedge             VARCHAR NOT NULL,
    qualifier         VARCHAR,
    category          VARCHAR NOT NULL,
    counted           VARCHAR NOT NULL,
    affiliation       VARCHAR,
    unit              VARCHAR,
    location          VARCHAR,
    source            VARCHAR,
    via               VARCHAR[] NOT NULL,
    scope             VARCHAR,
    sentence          VARCHAR NOT NULL,
    extractor_version VARCHAR NOT NULL,
    run_id            VARCHAR,
    extracted_at      TIMESTAMP NOT NULL
);
COMMENT ON TABLE claims IS 'One row per numeric (or vague) casualty or strength claim in an article, as defined in CLAIMS.md. Hedges and bounds are kept, never collapsed to one number.';
COMMENT ON COLUMN claims.claim_id IS 'First 16 hex digits of SHA-256 over (article_id, start, end, extractor_version): stable across runs.';
COMMENT ON COLUMN claims.article_id IS 'The article (articles.article_id).';
COMMENT ON COLUMN claims.text IS 'The numeric expression as written, hedge included: "almost 40", "between 1,000 and 3,000", "Dozens".';
COMMENT ON COLUMN claims.start IS 'Character offset of text in articles.text (0-based).';
COMMENT ON COLUMN claims."end" IS 'Character offset just past text in articles.text (exclusive). Quote it in SQL: "end".';
COMMENT ON COLUMN claims.value IS 'The number as stated (people); null for ranges and vague words.';
COMMENT ON COLUMN claims.low IS 'Inclusive lower bound the wording implies (people); null = open.';
COMMENT ON COLUMN claims.high IS 'Inclusive upper bound the wording implies (people); null = open.';
COMMENT ON COLUMN claims.hedge IS 'exact | approximate | lower_bound | upper_bound | range | vague.';
COMMENT ON COLUMN claims.qualifier IS 'The hedge words as written, lowercased ("at least", "almost"); null when none.';
COMMENT ON COLUMN claims.category IS 'killed | wounded | captured | missing | casualties | strength.';
COMMENT ON COLUMN claims.counted IS 'Head noun of who is counted, lowercased ("soldiers", "civilians"); "people" when only an event noun names them.';
COMMENT ON COLUMN claims.affiliation IS 'Nationality or side of the counted people as stated ("ukrainian", "foreign"); null when the text ties them to none.';
COMMENT ON COLUMN claims.unit IS 'Named military formation of the counted people; null when none is named.';
COMMENT ON COLUMN claims.location IS 'Place named in the claim''s sentence or paragraph; null when none.';
COMMENT ON COLUMN claims.source IS 'Who makes the claim; null when the article says it in its own voice.';
COMMENT ON COLUMN claims.via IS 'Outlets that relayed the claim, nearest to the source first; empty list when none.';
COMMENT ON COLUMN claims.scope IS 'incident | daily | period | cumulative: the time the number covers; null for strength claims.';
COMMENT ON COLUMN claims.sentence IS 'The sentence the claim was read from.';
COMMENT ON COLUMN claims.extractor_version IS 'Version of the extractor that produced the row; a new version replaces an article''s claims.';
COMMENT ON COLUMN claims.run_id IS 'Dagster run id that extracted it; null outside Dagster.';
COMMENT ON COLUMN claims.extracted_at IS 'When it was extracted (UTC).';

CREATE TABLE rejected (
    rejected_id   VARCHAR PRIMARY KEY,
    location      VARCHAR NOT NULL,
    stage         VARCHAR NOT NULL,
    reason        VARCHAR NOT NULL,
    transient     BOOLEAN NOT NULL,
    article_id    VARCHAR,
    payload       VARCHAR,
    first_seen_at TIMESTAMP NOT NULL,
    last_seen_at  TIMESTAMP NOT NULL,
    times_seen    INTEGER NOT NULL,
    run_id        VARCHAR
);
COMMENT ON TABLE rejected IS 'Everything that could not become an article or a valid claim, with why. Nothing is dropped silently.';
COMMENT ON COLUMN rejected.rejected_id IS 'First 16 hex digits of SHA-256 over (location, stage, reason): the same failure seen again updates its row.';
COMMENT ON COLUMN rejected.location IS 'Path, URL or path:line it came from (secrets redacted).';
COMMENT ON COLUMN rejected.stage IS 'ingest | fetch | decode | parse | validate: where it failed.';
COMMENT ON COLUMN rejected.reason IS 'Why, in words a user can act on.';
COMMENT ON COLUMN rejected.transient IS 'True when a later run should try again (time-outs, server errors).';
COMMENT ON COLUMN rejected.article_id IS 'The article a rejected claim came from; null for input that never became an article.';
COMMENT ON COLUMN rejected.payload IS 'The rejected row or a short excerpt of the input, as JSON; null when there is none.';
COMMENT ON COLUMN rejected.first_seen_at IS 'First time this failure was seen (UTC).';
COMMENT ON COLUMN rejected.last_seen_at IS 'Latest time it was seen (UTC).';
COMMENT ON COLUMN rejected.times_seen IS 'How many runs saw it.';
COMMENT ON COLUMN rejected.run_id IS 'Dagster run id of the latest sighting; null outside Dagster.';

CREATE TABLE extractions (
    article_id        VARCHAR PRIMARY KEY,
    extractor_version VARCHAR NOT NULL,
    n_claims          INTEGER NOT NULL,
    n_rejected        INTEGER NOT NULL,
    extracted_at      TIMESTAMP NOT NULL,
    run_id            VARCHAR
);
COMMENT ON TABLE extractions IS 'Which extractor version last read each article, and what it found: an article is read again only by a new version.';
COMMENT ON COLUMN extractions.article_id IS 'The article (articles.article_id).';
COMMENT ON COLUMN extractions.extractor_version IS 'Extractor version whose claims the claims table holds for the article.';
COMMENT ON COLUMN extractions.n_claims IS 'Claims stored for the article.';
COMMENT ON COLUMN extractions.n_rejected IS 'Claims of the article that failed validation (rows in rejected, stage validate).';
COMMENT ON COLUMN extractions.extracted_at IS 'When it was extracted (UTC).';
COMMENT ON COLUMN extractions.run_id IS 'Dagster run id; null outside Dagster.';

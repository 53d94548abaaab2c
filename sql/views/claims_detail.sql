-- Claims with the article they came from: the first table an analyst reads.
CREATE OR REPLACE VIEW claims_detail AS
SELECT
    c.claim_id, c.article_id, a.title, a.outlet, a.published, a.url,
    c.text, c.start, c."end", c.value, c.low, c.high, c.hedge, c.qualifier,
    c.category, c.counted, c.affiliation, c.unit, c.location, c.source, c.via, c.scope,
    c.sentence, c.extractor_version, c.run_id, c.extracted_at
FROM claims AS c
JOIN articles AS a USING (article_id);
COMMENT ON VIEW claims_detail IS 'Claims joined to their article''s title, outlet, published date and URL.';

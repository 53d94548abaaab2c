-- Counts and sums of bounds per source, category and month of publication (ingest month when unknown).
CREATE OR REPLACE VIEW claims_by_source AS
SELECT
    COALESCE(c.source, '(article voice)') AS source,
    c.category,
    date_trunc('month', COALESCE(a.published, CAST(a.ingested_at AS DATE))) AS month,
    count(*) AS n_claims,
    count(DISTINCT c.article_id) AS n_articles,
    sum(c.low) AS sum_low,
    sum(c.high) AS sum_high,
    sum(c.value) AS sum_value
FROM claims AS c JOIN articles AS a USING (article_id)
GROUP BY ALL;
COMMENT ON VIEW claims_by_source IS 'Claims per source, category and month, with the sums of their bounds. Sums add claims that may repeat one another: use estimates for figures.';

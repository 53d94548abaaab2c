-- One row per link of each claim's attribution chain: the source (hop 0), then each relaying
-- outlet in `via` (hop 1 nearest the source), then the publishing outlet (last hop).
CREATE OR REPLACE VIEW claim_sources AS
WITH chain AS (
    SELECT c.claim_id, c.article_id, 0 AS hop, 'source' AS role, COALESCE(c.source, a.outlet, '(article voice)') AS name
    FROM claims AS c JOIN articles AS a USING (article_id)
    UNION ALL
    SELECT c.claim_id, c.article_id, v.hop AS hop, 'relay' AS role, v.name
    FROM claims AS c,
         LATERAL (SELECT generate_subscripts(c.via, 1) AS hop, unnest(c.via) AS name) AS v
    UNION ALL
    SELECT c.claim_id, c.article_id, len(c.via) + 1 AS hop, 'publisher' AS role, a.outlet AS name
    FROM claims AS c JOIN articles AS a USING (article_id)
    WHERE a.outlet IS NOT NULL
)
SELECT claim_id, article_id, hop, role, name FROM chain;
COMMENT ON VIEW claim_sources IS 'Each claim''s chain: source (hop 0), relays in order (hops 1..n), publisher (last hop).';

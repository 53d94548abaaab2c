-- Articles matching a full-text query (BM25 over title and text), best first, with their claims.
WITH hits AS (
    SELECT article_id, fts_main_articles.match_bm25(article_id, $query) AS score
    FROM articles
)
SELECT
    a.article_id, a.title, a.outlet, a.published, round(h.score, 3) AS score,
    count(c.claim_id) AS n_claims,
    string_agg(c.text || ' ' || c.category || ' (' || coalesce(c.source, 'article') || ')', '; ' ORDER BY c.start) AS claims
FROM hits AS h
JOIN articles AS a USING (article_id)
LEFT JOIN claims AS c USING (article_id)
WHERE h.score IS NOT NULL
GROUP BY ALL
ORDER BY score DESC
LIMIT $limit;

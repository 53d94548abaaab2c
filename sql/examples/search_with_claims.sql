-- Full-text search from SQL (what `claims search` does): load the fts extension first
-- (`claims search` installs it from the duckdb-extension-fts package).
SELECT a.title, fts_main_articles.match_bm25(a.article_id, 'strike') AS score, c.text, c.category
FROM articles AS a JOIN claims AS c USING (article_id)
WHERE score IS NOT NULL
ORDER BY score DESC;

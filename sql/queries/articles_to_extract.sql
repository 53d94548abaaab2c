-- Articles the current extractor version has not read yet: new ones, or read by an older version.
SELECT a.article_id
FROM articles AS a
LEFT JOIN extractions AS e USING (article_id)
WHERE e.extractor_version IS DISTINCT FROM ?
ORDER BY a.article_id;

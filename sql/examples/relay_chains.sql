-- Claims that reached the article through at least one relaying outlet, with the chain.
SELECT claim_id, string_agg(name, ' -> ' ORDER BY hop) AS chain
FROM claim_sources
GROUP BY claim_id
HAVING max(CASE WHEN role = 'relay' THEN 1 ELSE 0 END) = 1;

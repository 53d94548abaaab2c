-- How often each hedge is used, per category.
SELECT category, hedge, count(*) AS n
FROM claims
GROUP BY ALL
ORDER BY category, n DESC;

-- What each source claimed per month, killed only.
SELECT month, source, n_claims, sum_low, sum_high
FROM claims_by_source
WHERE category = 'killed'
ORDER BY month, n_claims DESC;

-- The largest estimates, for the Dagster UI preview.
SELECT category, scope, counted, side, low, best, high, conservative, conflict, n_claims, n_sources,
       array_to_string(sources, '; ') AS sources
FROM estimates
ORDER BY coalesce(best, low, conservative, 0) DESC
LIMIT 10;

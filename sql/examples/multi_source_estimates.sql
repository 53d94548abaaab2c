-- Facts stated by more than one independent source, with the range they defend.
SELECT category, scope, counted, location, low, best, high, conservative, n_claims, n_sources, sources, outlets
FROM estimates
WHERE n_sources > 1
ORDER BY n_sources DESC, best DESC;

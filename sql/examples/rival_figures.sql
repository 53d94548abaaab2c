-- What opposing sides claim about the same event, furthest apart first.
SELECT category, scope, location, side_a, best_a, side_b, best_b, round(best_ratio, 1) AS ratio
FROM rival_claims
ORDER BY best_ratio DESC NULLS LAST;

-- The largest stated lower bound per category, with who said it.
SELECT category, text, low, high, source, title
FROM claims_detail
QUALIFY row_number() OVER (PARTITION BY category ORDER BY COALESCE(low, value, 0) DESC) = 1
ORDER BY category;

-- Claims whose wording is not an exact count, with the interval the wording implies.
CREATE OR REPLACE VIEW hedged_claims AS
SELECT
    c.claim_id, c.article_id, c.text, c.hedge, c.qualifier, c.value, c.low, c.high,
    CASE
        WHEN c.low IS NOT NULL AND c.high IS NOT NULL THEN format('[{}, {}]', c.low, c.high)
        WHEN c.low IS NOT NULL THEN format('[{}, ∞)', c.low)
        WHEN c.high IS NOT NULL THEN format('(?, {}]', c.high)
        ELSE '(unbounded)'
    END AS interval,
    c.category, c.counted, c.source, c.scope, c.sentence
FROM claims AS c
WHERE c.hedge <> 'exact';
COMMENT ON VIEW hedged_claims IS 'Non-exact claims with the interval their hedge implies.';

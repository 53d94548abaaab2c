"""casualty-claims: numeric casualty claims from conflict reporting, kept with their hedges and sources."""

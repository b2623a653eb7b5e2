// Take the fact's write lock first, so two admins deciding at once cannot both act on it.
MATCH (f:ProposedFact {fact_id: $fact_id})
SET f.locked_at = timestamp()
RETURN f {.*} AS fact

MATCH (f:ProposedFact {fact_id: $fact_id})
RETURN f.kind AS kind, f.status AS status

MATCH (f:ProposedFact)
RETURN f.status AS status, f.kind AS kind, count(*) AS n

// Proposed facts of one document. A fact already there (same document, kind, fields and place) keeps its
// status and review: loading a report again proposes nothing twice and undoes no decision.
UNWIND $rows AS row
MATCH (d:SourceDocument {doc_id: $doc_id})
MERGE (f:ProposedFact {fact_id: row.fact_id})
ON CREATE SET f += row.props, f.status = 'proposed', f.created_at = datetime(), f.created_by = $user,
              f.new = true
WITH f, d, coalesce(f.new, false) AS created
REMOVE f.new
MERGE (f)-[:FROM]->(d)
RETURN sum(CASE WHEN created THEN 1 ELSE 0 END) AS created, count(*) AS rows

// Facts for the review page, newest document first, in reading order within a document.
MATCH (f:ProposedFact)-[:FROM]->(d:SourceDocument)
WHERE ($status IS NULL OR f.status = $status) AND ($kind IS NULL OR f.kind = $kind)
  AND ($doc_id IS NULL OR d.doc_id = $doc_id)
RETURN f {.*} AS fact, d.doc_id AS doc_id, d.name AS doc_name
ORDER BY d.loaded_at DESC, d.doc_id, f.doc_start, f.kind
SKIP $skip LIMIT $limit

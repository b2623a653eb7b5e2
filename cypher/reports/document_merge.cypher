// One SourceDocument per text (doc_id = start of its sha256): loading the same report again finds it.
MERGE (d:SourceDocument {doc_id: $doc_id})
ON CREATE SET d.name = $name, d.sha256 = $sha256, d.chars = $chars, d.loaded_at = datetime(), d.user = $user
SET d.last_loaded_at = datetime()
RETURN d.doc_id AS doc_id

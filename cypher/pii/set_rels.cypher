// Sealed values (display, hash, ciphertext) put on relationships by id, one batch (graph/pii.py).
UNWIND $rows AS row
MATCH ()-[r]->() WHERE elementId(r) = row.id
SET r += row.props
RETURN count(*) AS rows

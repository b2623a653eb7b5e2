// Sealed values (display, hash, ciphertext) put on nodes by id, one batch (graph/pii.py).
UNWIND $rows AS row
MATCH (n) WHERE elementId(n) = row.id
SET n += row.props
RETURN count(*) AS rows

// One batch of relationships whose personal property $key holds a number not yet sealed (graph/pii.py).
MATCH ()-[r]->() WHERE r[$key] IS NOT NULL AND r[$cipher] IS NULL
RETURN elementId(r) AS id, r[$key] AS value
LIMIT $limit

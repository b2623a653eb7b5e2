// One batch of relationships whose property $cipher was sealed under another key than $key_id (graph/pii.py).
MATCH ()-[r]->() WHERE r[$cipher] IS NOT NULL AND NOT r[$cipher] STARTS WITH $key_id + ':'
RETURN elementId(r) AS id, r[$cipher] AS cipher
LIMIT $limit

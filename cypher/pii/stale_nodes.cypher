// One batch of nodes whose property $cipher was sealed under another key than $key_id (graph/pii.py's
// rotation): re-sealed batch by batch, so a crashed rotation continues where it stopped.
MATCH (n) WHERE n[$cipher] IS NOT NULL AND NOT n[$cipher] STARTS WITH $key_id + ':'
RETURN elementId(n) AS id, n[$cipher] AS cipher
LIMIT $limit

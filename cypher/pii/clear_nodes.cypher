// One batch of nodes whose personal property $key holds a number not yet sealed (graph/pii.py's
// migration): a value and no ciphertext beside it. Sealed nodes are skipped, so a crashed migration
// continues where it stopped.
MATCH (n) WHERE n[$key] IS NOT NULL AND n[$cipher] IS NULL
RETURN elementId(n) AS id, n[$key] AS value
LIMIT $limit

// Fingerprints of the organizations rows the graph holds as they were loaded (loaders/fingerprint.py).
MATCH (n:Organization) WHERE n.row_hash IS NOT NULL
RETURN collect(n.row_hash) AS hashes

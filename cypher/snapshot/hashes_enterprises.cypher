// Fingerprints of the enterprises rows the graph holds as they were loaded (loaders/fingerprint.py).
MATCH (n:Enterprise) WHERE n.row_hash IS NOT NULL
RETURN collect(n.row_hash) AS hashes

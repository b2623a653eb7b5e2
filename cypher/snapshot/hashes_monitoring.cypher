// Fingerprints of the monitoring rows the graph holds as they were loaded (loaders/fingerprint.py).
MATCH (n:Monitoring) WHERE n.row_hash IS NOT NULL
RETURN collect(n.row_hash) AS hashes

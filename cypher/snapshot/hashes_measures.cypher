// Fingerprints of the measures rows the graph holds as they were loaded (loaders/fingerprint.py).
MATCH (n:HelpMeasure) WHERE n.row_hash IS NOT NULL
RETURN collect(n.row_hash) AS hashes

// Fingerprints of the enterprise_links rows the graph holds as they were loaded (loaders/fingerprint.py).
MATCH ()-[r:LIFTS]->() WHERE r.row_hash IS NOT NULL
RETURN collect(r.row_hash) AS hashes

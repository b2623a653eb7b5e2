// Fingerprints of the benefits rows the graph holds as they were loaded (loaders/fingerprint.py).
MATCH (:Household)-[r:RECEIVES]->() WHERE r.row_hash IS NOT NULL
RETURN collect(r.row_hash) AS hashes

// Fingerprints of the talents rows the graph holds as they were loaded (loaders/fingerprint.py).
MATCH (:Person)-[r:TALENT_OF]->(:Village) WHERE r.row_hash IS NOT NULL
RETURN collect(r.row_hash) AS hashes

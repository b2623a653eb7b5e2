// Fingerprints of the village_indicators rows the graph holds as they were loaded (loaders/fingerprint.py).
MATCH (n:VillageIndicator) WHERE n.row_hash IS NOT NULL
RETURN collect(n.row_hash) AS hashes

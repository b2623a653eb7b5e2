// Fingerprints of the visits the graph holds as they were loaded (loaders/fingerprint.py), of the
// households that live or lived in $villages (a chunk of a snapshot's villages: a county holds
// millions of visits, read a chunk at a time). A household that lived in two of them is read twice.
UNWIND $villages AS code
MATCH (:Village {code: code})<-[:LIVES_IN]-(:Household)<-[r:VISITED]-(:Person)
WHERE r.row_hash IS NOT NULL
RETURN collect(r.row_hash) AS hashes

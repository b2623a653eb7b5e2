// Posts a snapshot of $scope dated $date states: those in an organization located in the scope (its
// region or a region under it), not ended before $date.
// One record: the rows as lists (their key columns as the Change rows have them, then the fingerprint),
// which the driver decodes in one piece.
MATCH (:Region {code: $scope})<-[:PART_OF*0..2]-(:Region)<-[:LOCATED_IN]-(o:Organization)<-[r:HOLDS_POST]-(p:Person)
WHERE r.end IS NULL OR r.end >= $date
RETURN collect([p.person_id, o.code, r.title, coalesce(r.start_key, ''), r.row_hash]) AS rows

// Help pairs a snapshot of $scope dated $date states: those of households that live or lived in a
// village of the scope, not ended before $date (no end, or an end on or after it).
// One record: the rows as lists (their key columns as the Change rows have them, then the fingerprint),
// which the driver decodes in one piece.
MATCH (:Region {code: $scope})<-[:PART_OF*0..2]-(:Village)<-[:LIVES_IN]-(h:Household)
WITH DISTINCT h
MATCH (h)<-[r:HELPS]-(p:Person)
WHERE r.end IS NULL OR r.end >= $date
RETURN collect([p.person_id, h.household_id, coalesce(r.start_key, ''), r.row_hash]) AS rows

// Households on the roster of $scope on $date, with the fingerprint of the row that wrote them: an
// open LIVES_IN (no end, or an end on or after $date)
// to a village of the scope.
// One record: the rows as lists (their key columns as the Change rows have them, then the fingerprint),
// which the driver decodes in one piece.
MATCH (:Region {code: $scope})<-[:PART_OF*0..2]-(:Village)<-[l:LIVES_IN]-(h:Household)
WHERE l.end IS NULL OR l.end >= $date
WITH DISTINCT h
RETURN collect([h.household_id, h.row_hash]) AS rows

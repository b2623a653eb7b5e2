// Which of $ids (households a snapshot lists that were not on its scope's roster) are on the roster
// elsewhere on $date (they moved into the scope: not added to the roster).
UNWIND $ids AS id
MATCH (h:Household {household_id: id})-[l:LIVES_IN]->(:Village)
WHERE l.end IS NULL OR l.end >= $date
RETURN DISTINCT id

// Which of $rows (help pairs a snapshot lists that its scope did not hold) are already active on
// $date elsewhere in the graph (so they do not start now).
UNWIND $rows AS row
MATCH (:Person {person_id: row[0]})-[r:HELPS {start_key: row[2]}]->(:Household {household_id: row[1]})
WHERE r.end IS NULL OR r.end >= $date
RETURN DISTINCT row

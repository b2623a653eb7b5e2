// Help pairs missing from a snapshot dated $date end the day before ($day_before). Rows: [person,
// household, start_key].
UNWIND $rows AS row
MATCH (:Person {person_id: row[0]})-[r:HELPS {start_key: row[2]}]->(:Household {household_id: row[1]})
WHERE r.end IS NULL OR r.end >= $date
SET r.end = $day_before, r.updated_load = $load_id
REMOVE r.row_hash
RETURN count(*) AS ended

// Which of $rows (posts a snapshot lists that its scope did not hold: [person, org, title, start_key])
// are already active on $date.
UNWIND $rows AS row
MATCH (:Person {person_id: row[0]})-[r:HOLDS_POST {title: row[2], start_key: row[3]}]->(:Organization {code: row[1]})
WHERE r.end IS NULL OR r.end >= $date
RETURN DISTINCT row

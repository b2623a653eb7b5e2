// Which of $rows (assignments a snapshot lists that its scope did not hold: [role, village, person,
// unit, start_key]) are already active on $date.
UNWIND $rows AS row
MATCH (v:Village {code: row[1]})<-[r:ASSIGNED_TO {role: row[0], start_key: row[4]}]-(x)
WHERE (r.end IS NULL OR r.end >= $date)
  AND CASE WHEN row[2] <> '' THEN x:Person AND x.person_id = row[2] ELSE x:Unit AND x.code = row[3] END
RETURN DISTINCT row

// Which of $keys are Person nodes already in the graph (validation of references).
UNWIND $keys AS k
MATCH (n:Person {person_id: k})
RETURN n.person_id AS key, true AS info

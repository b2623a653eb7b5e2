// Which of $keys are Enterprise nodes already in the graph (validation of references).
UNWIND $keys AS k
MATCH (n:Enterprise {enterprise_id: k})
RETURN n.enterprise_id AS key, true AS info

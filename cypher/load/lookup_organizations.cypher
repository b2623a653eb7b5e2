// Which of $keys are organizations already in the graph, with their kind (validation of references).
UNWIND $keys AS k
MATCH (n:Organization {code: k})
RETURN n.code AS key, n.kind AS info

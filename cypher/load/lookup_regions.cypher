// Which of $keys are regions already in the graph, with their level (validation of references).
UNWIND $keys AS k
MATCH (n:Region {code: k})
RETURN n.code AS key, n.level AS info

// Which of $keys are Household nodes already in the graph (validation of references).
UNWIND $keys AS k
MATCH (n:Household {household_id: k})
RETURN n.household_id AS key, true AS info

// Whether the graph holds people or households already (a missing key file is then an error, not a
// new installation: graph/pii.py).
MATCH (n) WHERE n:Person OR n:Household
RETURN count(n) > 0 AS any LIMIT 1

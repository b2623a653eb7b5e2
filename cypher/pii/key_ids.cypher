// The keys the values of personal property $cipher were sealed under, with their counts (bangfu keys status).
CALL () {
  MATCH (n) WHERE n[$cipher] IS NOT NULL RETURN split(n[$cipher], ':')[0] AS key_id
  UNION ALL
  MATCH ()-[r]->() WHERE r[$cipher] IS NOT NULL RETURN split(r[$cipher], ':')[0] AS key_id
}
RETURN key_id, count(*) AS values

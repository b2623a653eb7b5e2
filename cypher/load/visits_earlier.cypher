// Whether any of a batch's households ($keys) holds a visit written by an earlier load than $load_id:
// if none does, the batch's visits are new to the graph (cypher/load/visits_first.cypher). Visits this
// load wrote in its other batches do not count: their keys differ from this batch's (validation).
UNWIND $keys AS key
MATCH (h:Household {household_id: key})
RETURN EXISTS { MATCH (h)<-[x:VISITED]-() WHERE x.created_load IS NULL OR x.created_load <> $load_id } AS earlier
ORDER BY earlier DESC
LIMIT 1

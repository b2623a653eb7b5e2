// People and households by the keyed hash of a full id or phone number (graph/search.py): exact
// look-up on an index, the number itself is never in the graph.
MATCH (n:Person) WHERE n.id_number_hash = $id_hash OR n.phone_hash = $phone_hash
RETURN 'Person' AS label, n.person_id AS key, n.name AS name, 'rank' AS detail_key, n.rank AS detail
UNION
MATCH (n:Household) WHERE n.head_id_number_hash = $id_hash
RETURN 'Household' AS label, n.household_id AS key, n.head_name AS name, 'status' AS detail_key, n.status AS detail

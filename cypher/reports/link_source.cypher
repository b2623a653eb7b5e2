// (entity)-[:SOURCE]->(fact)-[:FROM]->(document): where a confirmed node was read.
MATCH (n) WHERE elementId(n) = $eid
MATCH (f:ProposedFact {fact_id: $fact_id})
MERGE (n)-[:SOURCE {fact_id: $fact_id}]->(f)

// A new stored query and its first version; the unique constraint on the name refuses a second one
// saved at the same moment.
CREATE (q:StoredQuery {name: $name, title: $title, cypher: $cypher, author: $user, created_at: datetime(),
                       updated_at: datetime(), updated_by: $user, version: 1, retired: false, changes: 1})
CREATE (:StoredQueryVersion {name: $name, version: 1, title: $title, cypher: $cypher, saved_by: $user,
                             saved_at: q.created_at})
RETURN q.version AS version

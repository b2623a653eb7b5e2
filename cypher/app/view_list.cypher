// A user's saved views, newest first.
MATCH (v:SavedView {owner: $owner})
RETURN v.view_id AS view_id, v.name AS name, v.shared AS shared, size(v.node_ids) AS nodes,
       toString(v.updated_at) AS updated_at
ORDER BY v.updated_at DESC
LIMIT 200

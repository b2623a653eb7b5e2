// Save (or replace, by name, for the same owner) a saved explorer view: node ids and positions, the
// ids of the relationships that were on screen (a view reopens with exactly those), the filters and
// styling; never node properties (a viewer sees them fresh, with their own masking).
MERGE (v:SavedView {owner: $owner, name: $name})
ON CREATE SET v.view_id = $view_id, v.created_at = datetime(), v.shared = false
SET v.node_ids = $node_ids, v.xs = $xs, v.ys = $ys, v.edge_ids = $edge_ids, v.settings = $settings, v.updated_at = datetime()
RETURN v.view_id AS view_id, v.shared AS shared

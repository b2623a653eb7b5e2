// One saved view by its id (the caller decides whether the user may open it: owner, or shared).
MATCH (v:SavedView {view_id: $view_id})
RETURN v.view_id AS view_id, v.name AS name, v.owner AS owner, v.shared AS shared,
       v.node_ids AS node_ids, v.xs AS xs, v.ys AS ys, v.edge_ids AS edge_ids, v.settings AS settings

// Share (or stop sharing) one of the owner's saved views: anyone logged in who has the link may open it.
MATCH (v:SavedView {view_id: $view_id, owner: $owner})
SET v.shared = $shared
RETURN v.view_id AS view_id, v.name AS name

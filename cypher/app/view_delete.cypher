// Delete one of the owner's saved views.
MATCH (v:SavedView {view_id: $view_id, owner: $owner})
DELETE v
RETURN count(*) AS deleted

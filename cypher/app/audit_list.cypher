MATCH (e:AuditEvent)
WHERE ($action IS NULL OR e.action = $action) AND ($username IS NULL OR e.username = $username)
RETURN e.at AS at, e.username AS username, e.action AS action, e.detail AS detail,
       e.remote_addr AS remote_addr
ORDER BY e.at DESC
SKIP $skip LIMIT $limit

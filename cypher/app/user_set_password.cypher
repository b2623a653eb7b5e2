MATCH (u:AppUser {username: $username})
SET u.password_hash = $password_hash, u.password_changed_at = datetime()
RETURN u.username AS username

MATCH (u:AppUser {username: $username})
SET u.role = $role, u.disabled = $disabled
RETURN u.username AS username

CREATE (u:AppUser {username: $username, password_hash: $password_hash, role: $role,
                   disabled: false, created_at: datetime(), password_changed_at: datetime()})
RETURN u.username AS username

MATCH (u:AppUser)
RETURN u.username AS username, u.role AS role, u.disabled AS disabled,
       u.created_at AS created_at, u.password_changed_at AS password_changed_at
ORDER BY u.username

MATCH (u:AppUser {username: $username})
RETURN u.username AS username, u.password_hash AS password_hash, u.role AS role,
       u.disabled AS disabled, u.password_changed_at AS password_changed_at,
       coalesce(u.session_epoch, 0) AS session_epoch

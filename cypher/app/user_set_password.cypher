// A new password also ends every session of the account (session_epoch, see webapp/auth.py).
MATCH (u:AppUser {username: $username})
SET u.password_hash = $password_hash, u.password_changed_at = datetime(),
    u.session_epoch = coalesce(u.session_epoch, 0) + 1
RETURN u.username AS username

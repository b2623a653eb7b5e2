// Logging out ends every session of the account: cookies signed before are no longer accepted.
MATCH (u:AppUser {username: $username})
SET u.session_epoch = coalesce(u.session_epoch, 0) + 1
RETURN u.session_epoch AS session_epoch

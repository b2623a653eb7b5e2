MATCH (u:AppUser {role: 'admin'}) WHERE NOT coalesce(u.disabled, false)
RETURN count(u) AS admins

MATCH (t:Township) RETURN t.code AS code, t.name AS name ORDER BY code

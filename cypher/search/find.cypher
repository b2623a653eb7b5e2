// Search by name, code, pinyin or pinyin initials (TEXT index on Searchable.search_text).
MATCH (n:Searchable)
WHERE n.search_text CONTAINS $q
WITH n, [l IN labels(n) WHERE l IN ['Region', 'Person', 'Household', 'Organization', 'Enterprise']][0] AS label
RETURN label,
       CASE label WHEN 'Region' THEN n.code WHEN 'Person' THEN n.person_id WHEN 'Household' THEN n.household_id
                  WHEN 'Organization' THEN n.code ELSE n.enterprise_id END AS key,
       coalesce(n.name, n.head_name) AS name,
       coalesce(n.level, n.kind, n.status, n.rank) AS detail
LIMIT $limit

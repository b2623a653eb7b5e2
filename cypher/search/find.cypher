// Search by name, code, pinyin or pinyin initials (TEXT index on Searchable.search_text).
// `label` is the kind's base label (its key), `kind_label` the most specific one (村, 党组织 …) and
// `detail` one telling property, named by `detail_key`; `place`, a village's township (two villages may
// share a name).
MATCH (n:Searchable)
WHERE n.search_text CONTAINS $q
WITH n, [l IN labels(n) WHERE l IN ['Region', 'Person', 'Household', 'Organization', 'Enterprise']][0] AS label,
     coalesce([l IN labels(n) WHERE l IN ['County', 'Township', 'Village', 'PartyOrg', 'Unit']][0],
              [l IN labels(n) WHERE l IN ['Region', 'Person', 'Household', 'Organization', 'Enterprise']][0]) AS kind_label
WITH n, label, kind_label,
     CASE label WHEN 'Person' THEN 'rank' WHEN 'Household' THEN 'status' WHEN 'Region' THEN null ELSE 'kind' END AS detail_key
RETURN label, kind_label,
       CASE label WHEN 'Region' THEN n.code WHEN 'Person' THEN n.person_id WHEN 'Household' THEN n.household_id
                  WHEN 'Organization' THEN n.code ELSE n.enterprise_id END AS key,
       coalesce(n.name, n.head_name) AS name,
       detail_key, CASE WHEN detail_key IS NULL THEN null ELSE n[detail_key] END AS detail,
       CASE WHEN n:Village THEN head(COLLECT { MATCH (n)-[:PART_OF]->(t:Township) RETURN t.name }) END AS place
LIMIT $limit

// 村责任落实档案: every first secretary and work-team leader the village has had (any dates), with
// the dispatching unit; the page marks each as serving, past or not yet started at its as-of date.
// Parameters: $code (village code).
MATCH (v:Village {code: $code})<-[a:ASSIGNED_TO]-(p:Person)
WHERE a.role IN ['第一书记', '工作队长']
OPTIONAL MATCH (d:Organization {code: a.unit_code})
RETURN a.role AS role, p {.person_id, .name, .rank, .political_status} AS person,
       d {.code, .name} AS dispatching, a.start AS start, a.end AS end
ORDER BY role, coalesce(a.start, date('0001-01-01')), person.person_id

// The enterprise page: the enterprise, where it is, its manager and party branch, and the households
// it lifts, by year (with each household's village).
// Parameters: $key (enterprise_id).
MATCH (e:Enterprise {enterprise_id: $key})
RETURN e {.*} AS enterprise,
       head([(e)-[:LOCATED_IN]->(v:Village) | v {.code, .name}]) AS village,
       head([(e)<-[:MANAGES]-(p:Person) | p {.person_id, .name}]) AS manager,
       head([(e)-[:HAS_PARTY_ORG]->(o:Organization) | o {.code, .name}]) AS party_org,
       COLLECT {
         MATCH (e)-[k:LIFTS]->(h:Household)
         RETURN {year: k.year, mode: k.mode, income: k.annual_income,
                 household: h {.household_id, .head_name, .status},
                 village: head([(h)-[:LIVES_IN]->(hv:Village) | hv {.code, .name}])} AS link
         ORDER BY k.year DESC, k.mode, h.household_id
       } AS links

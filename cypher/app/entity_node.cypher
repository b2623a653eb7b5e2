// One entity by its kind and key (each branch uses its uniqueness constraint).
CALL {
  MATCH (n:Region {code: $key}) WHERE $kind = 'region' RETURN n
  UNION MATCH (n:Person {person_id: $key}) WHERE $kind = 'person' RETURN n
  UNION MATCH (n:Household {household_id: $key}) WHERE $kind = 'household' RETURN n
  UNION MATCH (n:Organization {code: $key}) WHERE $kind = 'organization' RETURN n
  UNION MATCH (n:Enterprise {enterprise_id: $key}) WHERE $kind = 'enterprise' RETURN n
}
RETURN n

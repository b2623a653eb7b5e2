UNWIND $rows AS row
MATCH (n) WHERE elementId(n) = row.id
SET n:Searchable, n.search_text = row.text, n.search_name = row.name

// Search text for nodes written without it (graph/search.py refresh).
UNWIND $rows AS row
MATCH (n) WHERE elementId(n) = row.id
SET n:Searchable, n.search_text = row.search_text, n.search_name = row.search_name

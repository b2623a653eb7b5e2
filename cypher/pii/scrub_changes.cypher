// Change records of personal properties keep that the value changed, never the value (graph/pii.py):
// records written before that rule lose their old and new values.
MATCH (c:Change) WHERE c.property IN $keys AND (c.old IS NOT NULL OR c.new IS NOT NULL)
SET c.old = null, c.new = null
RETURN count(c) AS scrubbed

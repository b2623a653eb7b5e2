// The extra_<header> properties (unknown roster columns kept on load) present in table monitoring, so
// that `bangfu export roster` writes them back as columns under their original header.
MATCH (n:Monitoring)
UNWIND [k IN keys(n) WHERE k STARTS WITH 'extra_'] AS k
RETURN DISTINCT k ORDER BY k

"""What each entity page shows, read from the graph at an as-of date: the village's responsibility
file (村责任落实档案), the cadre's record (干部档案), the household's help history, the unit's and the
party organization's people, villages and households, the enterprise's links.

One module per page kind; each returns plain dicts and lists (so graph/masking.py can walk them) from
the Cypher in cypher/app/. The words on the pages come from graph/vocabulary.py.
"""

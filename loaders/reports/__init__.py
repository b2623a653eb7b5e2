"""Work reports → proposed facts: people and their posts, places, enterprises, helped households, help.

Offices receive far more prose than rosters. This package reads a report (plain text), proposes what it
states as `:ProposedFact` nodes tied to the document, sentence and character span, and leaves it to an
admin (web review page) to confirm, edit or reject each one. Nothing proposed is ordinary graph data, so
`check` and `coverage` never count it.

Modules: `sentences` (splitting with offsets), `lexicon` (posts, suffixes, stop words), `extract`
(jieba + rules), `match` (candidates in the graph), `write` (the graph side), `confirm` (turning a
reviewed fact into graph data), `evaluate` (precision/recall against annotations).
"""

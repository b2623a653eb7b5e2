"""What tests share, imported from here (never from conftest.py or from another test module):

- `graphs`: the test database's settings, emptying it, the sample's folders;
- `web`: apps whose responses are scanned for personal data, logged-in clients, a graph fingerprint;
- `browser`: Debian's Chromium through playwright, logged-in pages, a live server;
- `pii`: finding unmasked id and phone numbers in anything the app sends;
- `rosters`: reading and writing roster CSV files in tests; running the `bangfu` command;
- `entity_sample`: the sample county prepared for the entity pages;
- `demo_rules`: the responsibility rules evaluated on generated CSV files, independently of Neo4j;
- `roundtrip`: what a graph holds, in a form two graphs can be compared in.
"""

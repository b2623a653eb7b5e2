"""The one vocabulary (graph/vocabulary.py): words from the roster format's headers, values as people
read them. Pure: no database (the pages' use of it is tested on the sample county in
test_entity_pages.py)."""

from __future__ import annotations

import datetime as dt
import re

import neo4j.time

from graph import vocabulary
from graph.export import style
from graph.queries.export import cell_text
from graph.queries.result import GNode, GPath, GRel
from graph.roster.model import PROPERTY_OF_COLUMN
from graph.tables import TABLES_BY_NAME

LATIN = re.compile(r"[A-Za-z]")


def test_property_words_are_the_roster_headers():
    households = TABLES_BY_NAME["households"]
    for column in households.columns:
        if column.kind != "reference":
            assert vocabulary.property_name(column.name, "Household") == column.zh
    assert vocabulary.property_name("exit_year", "Village") == "出列年份"
    assert vocabulary.property_name("exit_year", "Household") == "脱贫年份"
    assert vocabulary.property_name("name", "Person") == "姓名"
    assert vocabulary.property_name("start", "HOLDS_POST") == "任职日期"
    assert vocabulary.property_name("end", "ASSIGNED_TO") == "结束日期"
    assert vocabulary.property_name("annual_income", "LIFTS") == "年增收（元）"
    assert vocabulary.property_name("extra_备注") == "备注"  # an unknown roster column: its own header
    assert vocabulary.reference_word("Person", "unit_code") == "工作单位"
    assert vocabulary.type_name("WORKS_AT") == "工作单位" and vocabulary.type_name("HELPS") == "结对帮扶"


def test_every_word_is_chinese():
    words = [
        *vocabulary.LABEL_NAMES.values(),
        *vocabulary.TYPE_NAMES.values(),
        *vocabulary.PROPERTY_NAMES.values(),
        *(w for props in vocabulary.OWNER_PROPERTIES.values() for w in props.values()),
    ]
    assert words and not [w for w in words if LATIN.search(w)]


def test_every_roster_column_stored_on_a_node_has_a_word():
    for label, table in vocabulary.NODE_TABLES.items():
        for column in TABLES_BY_NAME[table].columns:
            if column.kind != "reference":  # a span's columns are stored as start / end (roster/model.py)
                prop = PROPERTY_OF_COLUMN.get(column.name, column.name)
                assert not LATIN.search(vocabulary.property_name(prop, label)), (label, column.name)


def test_values_as_people_read_them():
    assert vocabulary.value_text(True) == "是" and vocabulary.value_text(False) == "否"
    assert vocabulary.value_text(None) == vocabulary.value_text("") == "—"
    assert vocabulary.value_text(neo4j.time.Date(2025, 11, 21)) == "2025-11-21"
    assert vocabulary.value_text(dt.date(2025, 11, 21)) == "2025-11-21"
    assert vocabulary.value_text(1200.0) == "1200" and vocabulary.value_text(12.5) == "12.5"
    assert vocabulary.value_text(["a", "b"]) == "a、b"
    facts = vocabulary.facts(
        {"weak_org": False, "code": "1", "search_text": "x", "poor_village": True}, "Village"
    )
    assert facts == [("区划代码", "1"), ("贫困村", "是"), ("软弱涣散", "否")]


def test_query_cells_and_picture_tooltips_use_the_vocabulary():
    person = GNode("1", ("Person",), {"name": "张三", "rank": "乡科级"})
    village = GNode("2", ("Region", "Village"), {"name": "丁寨村"})
    rel = GRel("3", "ASSIGNED_TO", "1", "2", {"role": "第一书记", "start": dt.date(2025, 1, 1)})
    assert cell_text(rel) == "[责任分工]"
    assert cell_text(GPath((person, village), (rel,))) == "人员:张三 -[责任分工]- 村:丁寨村"
    assert cell_text({"rank": "乡科级", "weak_org": None}) == "职级：乡科级；软弱涣散：—"

    tip = style.tooltip(GNode("1", ("Person",), {"person_id": "P1", "name": "张三", "rank": "乡科级"}))
    assert "职级：乡科级" in tip and "rank" not in tip
    rel_tip = style.rel_tooltip(
        GRel("3", "HELPS", "1", "2", {"start": dt.date(2025, 1, 1), "start_key": "x"})
    )
    assert rel_tip == "【结对帮扶】结对帮扶\n开始日期：2025-01-01"

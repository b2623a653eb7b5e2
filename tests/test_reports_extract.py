"""The report extractor on short texts of our own (no database): sentences and spans, person–post
chains, 该镇 resolved to the town named before, places and their false friends, households, enterprises,
help relations."""

from __future__ import annotations

from loaders.reports.extract import extract
from loaders.reports.sentences import split
from loaders.reports.write import fact_label


def facts(text, kind):
    return [f.payload for f in extract(text) if f.kind == kind]


def pairs(text):
    return {(p["person"], p["title"], p["organization"]) for p in facts(text, "person_post")}


def test_sentences_join_broken_lines_and_keep_offsets():
    text = "标题一行\n\n在石桥村，云\n\n溪县农业局帮扶队走访。第二句话！”\n下一段。"
    sentences = split(text)
    assert [s.text for s in sentences] == [
        "标题一行",
        "在石桥村，云溪县农业局帮扶队走访。",
        "第二句话！”",
        "下一段。",
    ]
    s = sentences[1]
    start = s.text.index("云溪县")
    a, b = s.doc_span(start, start + 3)
    assert text[a:b].replace("\n", "") == "云溪县"


def test_post_chain_with_place_prefix():
    got = pairs("近日，云溪县委副书记、县长赵明远在孙红乡调研。")
    assert got == {("赵明远", "县委副书记", "云溪县"), ("赵明远", "县长", "云溪县")}


def test_this_town_resolves_to_the_last_town_named():
    text = "云溪县石门镇召开会议。该镇党委书记钱立新主持，镇长孙丽出席。"
    got = pairs(text)
    assert ("钱立新", "党委书记", "石门镇") in got
    assert ("孙丽", "镇长", "石门镇") in got


def test_name_jieba_splits_is_found_by_surname_rule():
    assert ("张湘军", "党委书记", "老河乡") in pairs("老河乡召开会议，该乡党委书记张湘军、乡长于辉参加。")


def test_name_before_title_and_no_name_no_pair():
    assert ("习近平", "总书记", "") in pairs("这是习近平总书记的嘱托。")
    assert pairs("由乡镇党委书记任组长，镇长任副组长。") == set()
    assert pairs("实现贫困村第一书记全覆盖。") == set()


def test_bylines_are_not_posts():
    assert pairs("本报记者 李小青 通讯员 熊良友") == set()


def test_places_and_generic_words():
    text = "先后在青石湾镇柳庄村、金沙镇王家坝村等贫困村推进干部包村、能人治村，全区农村面貌一新。"
    names = {p["name"] for p in facts(text, "place")}
    assert names == {"青石湾镇", "柳庄村", "金沙镇", "王家坝村"}


def test_villages_listed_without_suffix():
    names = {p["name"] for p in facts("该公司联系帮扶东岗、西岗等3个村的贫困户。", "place")}
    assert {"东岗村", "西岗村"} <= names


def test_households_enterprises_and_help():
    text = (
        "宏达食品有限公司坐落于云溪县丁寨村。目前，该公司联系帮扶丁寨、丁湾等2个村。"
        "在贫困户廖利利家中，该县县长赵明远说：“我是你的帮扶责任人。”"
    )
    assert {"name": "宏达食品有限公司"} in facts(text, "enterprise")
    assert {"head_name": "廖利利"} in facts(text, "household")
    helps = {(h["helper"], h["helped"]) for h in facts(text, "help")}
    assert ("宏达食品有限公司", "丁湾村") in helps
    assert ("赵明远", "廖利利") in helps


def test_repeated_fact_is_one_proposal_with_a_count_and_span():
    text = "云溪县县长赵明远讲话。会后，云溪县县长赵明远走访群众。"
    found = [f for f in extract(text) if f.kind == "person_post"]
    assert len(found) == 1 and found[0].mentions == 2
    assert found[0].span_text == "云溪县县长赵明远"
    assert fact_label("person_post", found[0].payload) == "赵明远：县长（云溪县）"


def test_jieba_word_across_two_places_and_a_name_cut_short():
    text = "县水利局局长田亮蓉到孙红乡丁寨村调研。"
    assert {p["name"] for p in facts(text, "place")} == {"孙红乡", "丁寨村"}
    assert pairs(text) == {("田亮蓉", "局长", "")}
    assert {p["name"] for p in facts("组建1支由乡镇包村干部为成员的工作组。", "place")} == set()

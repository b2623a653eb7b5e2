"""The words the extractor knows: post titles, place and organization suffixes, surnames, stop lists.

Kept as plain data so that staff-facing wording can be extended without touching the rules. Posts are
matched longest first; a level word in front of a post (区委…, 县人大…, 镇长) tells which place it
belongs to when the text does not name the place.
"""

from __future__ import annotations

import re

# Level words: a place name ends with one; a post may start with one (区委书记, 镇长).
PLACE_SUFFIXES = {
    "省": "省",
    "市": "市",
    "县": "县区",
    "区": "县区",
    "旗": "县区",
    "乡": "乡镇",
    "镇": "乡镇",
    "街道": "乡镇",
    "村": "村",
    "社区": "村",
    "嘎查": "村",
}
LEVEL_OF_CHAR = {"省": "省", "市": "市", "县": "县区", "区": "县区", "乡": "乡镇", "镇": "乡镇", "村": "村"}

# Titles, written without the place name. A leading level character (区委…, 县长) is part of the title.
_LEVELS = "省市县区镇乡村"
POST_PATTERNS = [
    rf"[{_LEVELS}]委(?:常委|副书记|书记)",
    rf"[{_LEVELS}]?纪委(?:副书记|书记)",
    rf"[{_LEVELS}]?监委(?:副主任|主任)",
    rf"[{_LEVELS}]?人大常委会(?:副主任|主任)",
    rf"[{_LEVELS}]?人大(?:副主任|主任)",
    rf"[{_LEVELS}]?政协(?:副主席|主席)",
    rf"(?:常务)?副?[{_LEVELS}]长",
    r"党(?:工)?委(?:副书记|书记|委员)",
    r"党(?:总)?支部?(?:副书记|书记)",
    r"党组织书记",
    r"支部(?:副书记|书记)",
    r"村支书",
    r"支书",
    r"村委会(?:副主任|主任)",
    r"村(?:副主任|主任)",
    r"驻村第一书记",
    r"第一书记",
    r"总书记",
    r"驻村工作队(?:副队长|队长)",
    r"工作队(?:副队长|队长)",
    r"工作队长",
    r"(?:组织|宣传|统战|政法委?)?部长",
    r"副部长",
    r"常务副(?:局长|主任)",
    r"副?局长",
    r"副?主任",
    r"副?主席",
    r"副?书记",
    r"常委",
    r"董事长",
    r"总经理",
    r"理事长",
    r"社长",
    r"扶贫专干",
]
POST_RE = re.compile("|".join(f"(?:{p})" for p in POST_PATTERNS))

# Words that look like a post title but are not one where they occur.
NOT_POSTS = {"主任科员", "书记处"}

# Roles that are help relationships, not posts.
HELP_WORDS = ("帮扶责任人", "结对帮扶", "联系帮扶", "帮扶", "包村", "定点扶贫", "结对")

# Words before a household head's name.
HOUSEHOLD_WORDS = (
    "建档立卡贫困户",
    "贫困户",
    "脱贫户",
    "贫困群众",
    "困难群众",
    "低保户",
    "帮扶对象",
    "监测户",
)

# Enterprise and cooperative suffixes, longest first.
ENTERPRISE_SUFFIXES = (
    "有限责任公司",
    "股份有限公司",
    "有限公司",
    "专业合作社",
    "合作联社",
    "合作社",
    "扶贫基地",
    "扶贫车间",
    "公司",
    "集团",
    "工厂",
    "加工厂",
    "养殖场",
    "种植场",
)
# Organization (unit) suffixes, for help relations stated of a unit (驿城区水利局帮扶队).
UNIT_SUFFIXES = ("局", "委", "办", "所", "站", "院", "中心", "联社", "银行", "部")

# Stems that make a generic word, not a name (贫困村, 全区, 该镇 …).
GENERIC_STEMS = {
    "贫困",
    "行政",
    "示范",
    "达标",
    "涣散",
    "软弱涣散",
    "弱",
    "强",
    "所驻",
    "帮扶",
    "重点",
    "试点",
    "特色",
    "美丽",
    "农",
    "乡",
    "城",
    "各",
    "每",
    "本",
    "该",
    "全",
    "我",
    "两",
    "三",
    "四",
    "五",
    "个",
    "城区",
    "山",
    "周边",
    "邻",
    "乡镇",
    "集",
    "社",
    "专业",
    "农民专业",
    "产业",
    "扶贫",
    "产业扶贫",
    "光伏",
    "建设",
    "合作",
    "党建",
    "脱贫",
    "出",
    "进",
    "回",
    "到",
    "驻",
    "包",
    "建档",
    "非贫困",
    "深度贫困",
    "边远",
    "偏远",
    "空心",
    "后进",
    "先进",
    "文明",
    "新",
    "老",
    "其他",
    "相关",
    "县直",
    "区直",
    "市直",
    "省直",
    "下",
    "上",
    "本地",
    "外",
    "外地",
    "当地",
    "所在",
    "家乡",
    "农村",
    "乡村",
    "城乡",
    "市县",
    "省市",
    "县乡",
    "县区",
    "区县",
    "街",
}
# A character that, right before a place suffix, makes a phrase rather than a name (包村, 驻村, 回乡, 农村).
NOT_STEM_LAST = set("包驻进回返下治富兴强帮管建到入出在各全该每本贫弱联扶农乡镇区县市村省")
# When the word holding a place suffix goes on past it (村干部, 乡镇, 农村公路), it is a place only if
# what follows is a body of that place (宛城区委, 西华县委书记, 红花集镇党委).
SUFFIX_CONTINUATIONS = ("委", "长", "人大", "政府", "政协", "党", "纪委", "监委", "直")
# A place suffix followed by one of these is part of another word (市场, 区域, 村民 is still a village).
SUFFIX_BREAKERS = {"市": "场民容值", "区": "域别间块", "县": "城", "乡": "亲愁音", "镇": "压定静"}
# jieba POS tags a place or enterprise stem may be made of.
NAME_TAGS = {
    "ns",
    "nr",
    "nrt",
    "nrfg",
    "nz",
    "n",
    "ng",
    "nt",
    "j",
    "s",
    "a",
    "b",
    "zg",
    "l",
    "i",
    "an",
    "nrf",
    "eng",
}

# Common single-character surnames (for names jieba does not tag nr), and two-character ones.
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "毕远米凌常牛乔樊葛申祁柴耿关焦鲁齐尚宁庞康兰殷靳聂岳司单翟安倪晏习温苗栗全甘卜查蓝景房裴辛管包"
    "商佟车阮纪俞符童项鲍霍卫索邢左施阎梅盛骆路柳艾鱼滕冉邬应宗丛时桂仇邓揭储舒农屈晋麻谷水詹穆"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "令狐", "公孙", "慕容", "尉迟")
# Characters that end a name when they follow it.
NAME_FOLLOWERS = set(
    '，。、；：！？,;:!?（(“”" 等在说表示一行和与及同志要求指出强调带领陪同走访深入到对向分别也又再率主持参加'
)
# Tokens tagged nr that are not personal names in these texts.
NOT_NAMES = {
    "党建",
    "扶贫",
    "脱贫",
    "帮扶",
    "贫困",
    "建档立卡",
    "驻村",
    "攻坚",
    "致富",
    "小康",
    "高质量",
    "文图",
    "同志",
    "书记",
    "主任",
    "干部",
    "党员",
    "群众",
}
# A "name" ending in one of these is a title, a place or a group (任组长, 张村, 王家户).
NOT_NAME_ENDINGS = set("长员记任部人者们户村镇乡区县市省委局办所队组社站副正")

# Added to jieba's dictionary so that titles segment as one word (word, frequency, tag).
JIEBA_WORDS = [
    (w, 20000, "n")
    for w in (
        "党委书记",
        "党委副书记",
        "区委书记",
        "区委副书记",
        "县委书记",
        "县委副书记",
        "市委书记",
        "区委常委",
        "县委常委",
        "组织部长",
        "第一书记",
        "驻村第一书记",
        "村支书",
        "工作队长",
        "驻村工作队",
        "人大常委会",
        "纪委书记",
        "监委",
        "帮扶责任人",
        "扶贫专干",
    )
]

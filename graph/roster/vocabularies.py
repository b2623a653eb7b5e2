"""The closed vocabularies of the roster format (shared/spec/roster-format.md, activity-tables.md): the
Chinese values the graph stores, and the English aliases a roster may use for them.

Their own module because the table declarations (graph/roster/) use them, and so do the rules, the
settings and the pages: everyone imports the words from here, below every table.
"""

from __future__ import annotations

# -- vocabularies (Chinese value → itself; English aliases → Chinese value) -------------------------

REGION_LEVELS = ("县区", "乡镇", "村")
LEVEL_DEPTH = {"县区": 0, "乡镇": 1, "村": 2}
PARTY_KINDS = ("党委", "党工委", "党总支", "党支部")
ORG_KINDS = PARTY_KINDS + ("机关", "事业单位", "国有企业", "金融机构", "村委会", "其他")
BRANCH_KINDS = ("党支部", "党总支")  # a branch whose region is a village governs that village
GENDERS = ("男", "女")
POLITICAL_STATUSES = ("中共党员", "中共预备党员", "共青团员", "民主党派", "群众")
RANKS = ("县处级", "乡科级", "一般干部", "村干部", "其他")
CONTRACTING_UNIT = "包村单位"
ROLES = (
    "第一书记",
    "工作队长",
    "工作队员",
    "包村干部",
    "挂点领导",
    "党建联系人",
    "党建指导员",
    "责任组长",
    "责任组员",
    CONTRACTING_UNIT,
)
HOUSEHOLD_STATUSES = ("未脱贫", "已脱贫", "监测对象", "已销户")
HOUSEHOLD_CATEGORIES = ("一般户", "低保户", "特困供养户")
CAUSES = (
    "因病",
    "因残",
    "因学",
    "因灾",
    "缺土地",
    "缺水",
    "缺技术",
    "缺劳力",
    "缺资金",
    "交通条件落后",
    "自身发展动力不足",
    "其他",
)
ENTERPRISE_KINDS = ("龙头企业", "农民专业合作社", "扶贫车间", "产业基地", "光伏电站", "家庭农场", "其他")
LINK_MODES = ("务工就业", "入股分红", "土地流转", "订单收购", "技能培训", "其他")
PROGRAMS = (
    "教育资助",
    "医疗救助",
    "危房改造",
    "光伏收益",
    "小额信贷",
    "雨露计划",
    "产业奖补",
    "公益岗位",
    "兜底保障",
    "其他",
)
SECRETARY_TITLES = frozenset({"书记", "支部书记", "党支部书记", "党总支书记", "村党支部书记", "村党组织书记"})

ROLE_ALIASES = {
    "first_secretary": "第一书记",
    "team_leader": "工作队长",
    "team_member": "工作队员",
    "village_contact": "包村干部",
    "leader_point": "挂点领导",
    "party_liaison": "党建联系人",
    "party_instructor": "党建指导员",
    "group_leader": "责任组长",
    "group_member": "责任组员",
    "contracting_unit": CONTRACTING_UNIT,
}
LEVEL_ALIASES = {"county": "县区", "township": "乡镇", "village": "村"}

# the activity tables (shared/spec/activity-tables.md)
VISIT_KINDS = ("入户", "电话", "视频", "其他")
VISIT_KIND_ALIASES = {"home": "入户", "phone": "电话", "video": "视频", "other": "其他"}
RESERVE_SOURCES = ("致富能手", "农民党员", "复转军人", "大学毕业生", "返乡创业", "其他")
TALENT_KINDS = ("乡贤", "在外人才", "返乡创业")
SUBJECT_TYPES = ("村", "人员", "单位")
SUBJECT_TYPE_ALIASES = {"village": "村", "person": "人员", "unit": "单位"}
# what an inspection's subject_id refers to, by its subject_type
SUBJECT_REFERENCES = (("村", "village"), ("人员", "person"), ("单位", "organization"))
INSPECTION_KINDS = ("暗访", "交叉互查", "专项督查", "到岗检查")
INSPECTION_RESULTS = ("合格", "发现问题")
EVALUATED_ROLES = ("第一书记", "村党组织书记", "工作队长")
GRADES = ("优秀", "称职", "基本称职", "不称职")
# the older four-step words some counties still use, read as the four grades in order
GRADE_ALIASES = {"好": "优秀", "较好": "称职", "一般": "基本称职", "差": "不称职"}
SERVICE_CENTER_GRADES = ("示范", "达标", "不达标")
STATUS_ALIASES = {"poor": "未脱贫", "exited": "已脱贫", "monitored": "监测对象", "closed": "已销户"}

# the monitoring tables (shared/spec/monitoring.md)
MONITOR_SOURCES = ("农户申报", "干部排查", "部门预警")
MONITOR_SOURCE_ALIASES = {"application": "农户申报", "rounds": "干部排查", "department": "部门预警"}
MONITOR_CATEGORIES = ("脱贫不稳定户", "边缘易致贫户", "突发严重困难户")
RISKS = (
    "因病",
    "因残",
    "因学",
    "因灾",
    "因意外事故",
    "因产业失败",
    "因务工就业不稳",
    "因人口负担重",
    "其他",
)
MEASURE_KINDS = (
    "产业帮扶",
    "就业帮扶",
    "公益岗位",
    "健康帮扶",
    "教育帮扶",
    "住房安全",
    "饮水安全",
    "综合保障",
    "金融帮扶",
    "其他",
)
# 开发式帮扶: the measures that count for a household with members able to work (monitor_dev_measure)
DEVELOPMENTAL_MEASURES = ("产业帮扶", "就业帮扶", "公益岗位")

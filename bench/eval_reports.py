"""Evaluate the report extractor on the annotated reports.

    .venv/bin/python bench/eval_reports.py [--texts ../shared/reports] [--json]

Prints precision and recall of person–post pairs (targets: ≥ 0.9 and ≥ 0.8) and of places (recall
≥ 0.9), plus organizations, enterprises, households and help relations for information; lists what
was missed and what was spurious. Exit 1 when a target is not met.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from loaders.reports.evaluate import evaluate  # noqa: E402

TARGETS = {("person_post", "precision"): 0.9, ("person_post", "recall"): 0.8, ("place", "recall"): 0.9}
NAMES = {
    "person_post": "人员—职务",
    "person_post_org": "人员—职务—单位",
    "place": "地名",
    "enterprise": "企业/合作社",
    "household": "帮扶对象户",
    "help": "帮扶关系",
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", type=Path, default=REPO.parent / "shared" / "reports", help="报告原文目录")
    ap.add_argument("--annotations", type=Path, default=REPO / "tests" / "data" / "reports")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    result = evaluate(sorted(args.annotations.glob("*.annotations.json")), args.texts)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print("报告：" + "、".join(result["documents"]))
        for kind, name in NAMES.items():
            r = result[kind]
            print(
                f"{name}: 准确率 {r['precision']:.3f}  召回率 {r['recall']:.3f}  "
                f"（正确 {r['tp']}，抽取 {r['predicted']}，标注 {r['expected']}）"
            )
            for m in r["missed"]:
                print("    漏掉：", " / ".join(str(x) for x in m))
            for s in r["spurious"]:
                print("    多出：", " / ".join(str(x) for x in s))
    failed = [f"{NAMES[k]} {m}" for (k, m), t in TARGETS.items() if result[k][m] < t]
    if failed:
        print("未达到目标：" + "、".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

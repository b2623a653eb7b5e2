"""Precision and recall of the extractor against annotated reports.

An annotation file (`tests/data/reports/*.annotations.json`, see the README there) names its document;
the texts live outside the repository (not ours to publish) and are read from a folder given at run
time. Person–post pairs are compared as (person, title) with one normalisation a reader makes too:
镇党委书记 and 党委书记 are the same post of the town (the level word stands for the town's name).
Places are compared by name; organizations of the pairs are reported separately, for information.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from loaders.reports.extract import extract


def norm_title(title: str) -> str:
    return re.sub(r"^[镇乡](?=党委|党工委)", "", title.strip())


@dataclass
class Score:
    true_positive: int = 0
    predicted: int = 0
    expected: int = 0
    missed: list = field(default_factory=list)
    spurious: list = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.true_positive / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positive / self.expected if self.expected else 1.0

    def add(self, doc: str, expected: set, predicted: set) -> None:
        self.true_positive += len(expected & predicted)
        self.predicted += len(predicted)
        self.expected += len(expected)
        self.missed += [(doc, *x) if isinstance(x, tuple) else (doc, x) for x in sorted(expected - predicted)]
        self.spurious += [
            (doc, *x) if isinstance(x, tuple) else (doc, x) for x in sorted(predicted - expected)
        ]

    def as_dict(self) -> dict:
        return {
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "tp": self.true_positive,
            "predicted": self.predicted,
            "expected": self.expected,
            "missed": self.missed,
            "spurious": self.spurious,
        }


def evaluate(annotation_files: list[Path], texts_dir: Path) -> dict:
    scores = {
        k: Score() for k in ("person_post", "person_post_org", "place", "enterprise", "household", "help")
    }
    documents = []
    for path in sorted(annotation_files):
        ann = json.loads(path.read_text(encoding="utf-8"))
        doc = ann["document"]
        text_path = texts_dir / doc
        if not text_path.exists():
            raise FileNotFoundError(f"{path.name}：找不到报告原文 {text_path}")
        facts = extract(text_path.read_text(encoding="utf-8"))
        by_kind: dict[str, list[dict]] = {}
        for f in facts:
            by_kind.setdefault(f.kind, []).append(f.payload)
        scores["person_post"].add(
            doc,
            {(a["person"], norm_title(a["post"])) for a in ann["person_posts"]},
            {(p["person"], norm_title(p["title"])) for p in by_kind.get("person_post", [])},
        )
        scores["person_post_org"].add(
            doc,
            {(a["person"], norm_title(a["post"]), a["organization"] or "") for a in ann["person_posts"]},
            {
                (p["person"], norm_title(p["title"]), p["organization"] or "")
                for p in by_kind.get("person_post", [])
            },
        )
        scores["place"].add(
            doc, {a["name"] for a in ann["places"]}, {p["name"] for p in by_kind.get("place", [])}
        )
        scores["enterprise"].add(
            doc, set(ann.get("enterprises", [])), {p["name"] for p in by_kind.get("enterprise", [])}
        )
        scores["household"].add(
            doc, set(ann.get("households", [])), {p["head_name"] for p in by_kind.get("household", [])}
        )
        scores["help"].add(
            doc,
            {(h["helper"], h["helped"]) for h in ann.get("helps", [])},
            {(p["helper"], p["helped"]) for p in by_kind.get("help", [])},
        )
        documents.append(doc)
    return {"documents": documents, **{k: v.as_dict() for k, v in scores.items()}}

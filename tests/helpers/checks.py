"""Comparing `check` results with the spec's expected JSON: the fields a violation shows (the rule
may add a `detail` of its own, which the expected files do not hold)."""

from __future__ import annotations

VISIBLE = ("rule", "severity", "subject_type", "subject_id", "subject_name", "region_path", "message")


def visible(violation: dict) -> dict:
    return {k: violation[k] for k in VISIBLE}


def visible_violations(result: dict) -> list[dict]:
    """A check result's violations in order, with the fields the spec's JSON has."""
    return [visible(v) for v in result["violations"]]

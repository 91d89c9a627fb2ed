"""Print findings: grouped text for people (coloured on a terminal), stable JSON for CI."""

from __future__ import annotations

import dataclasses
import json
from itertools import groupby
from typing import TYPE_CHECKING

import click

from edtfeed.validate.findings import Finding, count_levels, sort_findings

if TYPE_CHECKING:
    from edtfeed.validate.rules import Rule

_COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}


def render_json(findings: list[Finding]) -> str:
    """Sorted findings plus counts; key order and finding order are fixed so CI diffs stay meaningful."""
    ordered = sort_findings(findings)
    payload = {
        "counts": count_levels(ordered),
        "findings": [dataclasses.asdict(finding) for finding in ordered],
    }
    return json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def summary_line(findings: list[Finding]) -> str:
    counts = count_levels(findings)
    return ", ".join(f"{n} {level}{'' if n == 1 else 's'}" for level, n in counts.items())


def render_text(findings: list[Finding], *, color: bool = False) -> str:
    """One block per file: `line [item guid] level rule: message` and the source to read."""
    lines: list[str] = []
    for file, group in groupby(sort_findings(findings), key=lambda f: f.file):
        lines.append(click.style(file, bold=True) if color else file)
        for finding in group:
            level = finding.level.upper()
            if color:
                level = click.style(level, fg=_COLOURS[finding.level], bold=finding.level == "error")
            where = f"line {finding.line}" if finding.line is not None else "file"
            if finding.item:
                where += f" [item {finding.item}]"
            lines.append(f"  {where}: {level} {finding.rule}: {finding.message}")
            if finding.source:
                lines.append(f"      see {finding.source}")
    lines.append(summary_line(findings))
    return "\n".join(lines) + "\n"


def render_rules(rules: tuple[Rule, ...]) -> str:
    """The rule table for people: id, level, platform, what it checks and where the rule comes from."""
    lines = []
    for rule in sorted(rules, key=lambda r: r.id):
        lines.append(f"{rule.id}  [{rule.level}, {rule.platform}]")
        lines.append(f"    {rule.message}")
        lines.append(f"    {rule.source}")
    return "\n".join(lines) + "\n"

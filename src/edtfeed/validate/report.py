"""Print the rule table for people (`edtfeed validate --list-rules`); diagnostics are printed by
edtfeed.diagnostics."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from edtfeed.validate.rules import Rule


def render_rules(rules: tuple[Rule, ...]) -> str:
    """The rule table for people: id, level, platform, what it checks and where the rule comes from."""
    lines = []
    for rule in sorted(rules, key=lambda r: r.id):
        lines.append(f"{rule.id}  [{rule.level}, {rule.platform}]")
        lines.append(f"    {rule.message}")
        lines.append(f"    {rule.source}")
    return "\n".join(lines) + "\n"

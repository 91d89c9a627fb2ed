"""Feed validation: a table of Apple, Spotify, Podcasting 2.0 and RSS rules run over any RSS file, offline."""

from edtfeed.validate.engine import run_rules, validate_bytes, validate_file
from edtfeed.validate.findings import Finding, count_levels, sort_findings
from edtfeed.validate.rules import RULES, RULES_BY_ID, Rule

__all__ = [
    "RULES", "RULES_BY_ID", "Finding", "Rule", "count_levels", "run_rules", "sort_findings", "validate_bytes",
    "validate_file",
]

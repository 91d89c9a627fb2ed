"""Feed validation: a table of Apple, Spotify, Podcasting 2.0 and RSS rules run over any RSS file, offline.

The names below load on first use (PEP 562): a publish run that changed nothing only reads diagnostics back from
the cache, and importing the rule table and its checks was a fifth of such a run.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from edtfeed.validate.engine import run_rules, validate_bytes, validate_file
    from edtfeed.validate.rules import RULES, RULES_BY_ID, Rule

_HOME = {
    "run_rules": "engine", "validate_bytes": "engine", "validate_file": "engine",
    "RULES": "rules", "RULES_BY_ID": "rules", "Rule": "rules",
}

__all__ = sorted(_HOME)


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_HOME[name]}"), name)

"""Benchmarks for edtfeed: a synthetic show generator, a floor script and a runner (see README "Performance").

`python -m bench.<tool>` runs from a checkout without installing edtfeed, so the repo's `src/` is put on the path
here when the package is not importable otherwise.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SRC = REPO / "src"

if importlib.util.find_spec("edtfeed") is None:
    sys.path.insert(0, str(SRC))

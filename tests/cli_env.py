"""The environment of a Python process a test starts: this checkout's src first, the network fence kept."""

from __future__ import annotations

import os
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"


def cli_env(**extra: str) -> dict[str, str]:
    """os.environ with src/ put before the PYTHONPATH conftest set (which holds the fence), plus `extra`."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")])),
            **extra}

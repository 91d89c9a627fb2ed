"""Where the config file is: --config, else $EDTFEED_CONFIG, else ./edtfeed.toml.

Apart from the models, so the command line finds the file (and a publish run that changed nothing replays)
without loading pydantic."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_CONFIG = "edtfeed.toml"
CONFIG_ENV = "EDTFEED_CONFIG"


def config_path(explicit: str | None) -> Path:
    """--config, else $EDTFEED_CONFIG, else ./edtfeed.toml."""
    return Path(explicit or os.environ.get(CONFIG_ENV) or DEFAULT_CONFIG)

"""Where the config file is: --config, else $EDTFEED_CONFIG, else edtfeed.toml here or in a parent folder.

Apart from the models, so the command line finds the file (and a publish run that changed nothing replays)
without loading pydantic."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_CONFIG = "edtfeed.toml"
CONFIG_ENV = "EDTFEED_CONFIG"


def config_path(explicit: str | os.PathLike[str] | None, start: Path | None = None) -> Path:
    """--config, else $EDTFEED_CONFIG, else edtfeed.toml in the current folder or the nearest parent up to the
    repository's root (so a command run from the site's docs/ finds the config beside it)."""
    if explicit or os.environ.get(CONFIG_ENV):
        return Path(explicit or os.environ[CONFIG_ENV])
    here = Path.cwd() if start is None else start
    for folder in searched_folders(here)[1:]:
        if (folder / DEFAULT_CONFIG).is_file():
            return folder / DEFAULT_CONFIG
    return here / DEFAULT_CONFIG if start is not None else Path(DEFAULT_CONFIG)


def searched_folders(here: Path) -> list[Path]:
    """Where the config is looked for: `here`, and its parents up to the nearest that holds `.git` (none when
    `here` is in no repository: a config is never picked up from an unrelated folder above)."""
    here = here.absolute()
    for depth, folder in enumerate([here, *here.parents]):
        if (folder / ".git").exists():
            return [here, *here.parents][: depth + 1]
    return [here]

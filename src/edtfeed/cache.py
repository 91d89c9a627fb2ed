"""The build cache: what the last run parsed and rendered, so an unchanged show costs a directory scan.

It lives beside the lock in `.edtfeed-cache/`; deleting it is always safe (the next run rebuilds it) and the output
is byte-identical with or without it.
"""

from __future__ import annotations

from pathlib import Path

from edtfeed.config import Config

CACHE_DIR = ".edtfeed-cache"


def cache_path(config: Config) -> Path:
    """The cache folder of a show: next to its lock file."""
    return config.lock_path.parent / CACHE_DIR

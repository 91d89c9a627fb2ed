"""Build the committed sample show (episodes/, edtfeed.toml, edtfeed.lock) into a temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

from edtfeed.runner.publish import PublishOptions, PublishResult, publish
from edtfeed.config import Config, load_config

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden" / "sample"


def copy_sample_show(dest: Path) -> Path:
    """A private copy of the sample show (so tests never write into the repository); returns its config path."""
    shutil.copytree(REPO / "episodes", dest / "episodes")
    shutil.copy(REPO / "edtfeed.toml", dest / "edtfeed.toml")
    shutil.copy(REPO / "edtfeed.lock", dest / "edtfeed.lock")
    return dest / "edtfeed.toml"


def build_sample(dest: Path) -> tuple[Config, PublishResult]:
    config = load_config(copy_sample_show(dest))
    return config, publish(config, PublishOptions(offline=True))


def feed_files(root: Path) -> dict[str, bytes]:
    """Every file below `root`, by relative POSIX path."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

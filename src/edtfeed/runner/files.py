"""The files of a feed folder: written only when their bytes change (or listed, in a dry run), in an order that never
lets the feed point at a file not written yet, and pruned when no item points at them any more."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote

from edtfeed.config import Config
from edtfeed.constants import CHAPTERS_DIR, EPISODES_DIR, FEED_FILE, IMAGES_DIR, TRANSCRIPTS_DIR
from edtfeed.episodes.episode import output_url
from edtfeed.fsutil import write_if_changed
from edtfeed.ledger.plan import PublishedItem
from edtfeed.read.inline_images import NAME_HEX

# The folders of sidecar files under <out>/<lang>/ and the kinds of file edtfeed writes in each: only those are
# ever pruned (anything else there is someone else's).
_SIDECARS = {
    CHAPTERS_DIR: frozenset({".json", ".html", ".vtt", ".srt"}),
    TRANSCRIPTS_DIR: frozenset({".json", ".html", ".vtt", ".srt"}),
    IMAGES_DIR: frozenset({".jpg", ".png", ".webp", ".gif"}),
    EPISODES_DIR: frozenset({".html"}),
}


def write(path: Path, data: bytes, dry_run: bool, durable: bool = True) -> bool:
    """True when `path` gets (or, in a dry run, would get) new bytes; `durable`: see write_if_changed."""
    if dry_run:
        try:
            return path.read_bytes() != data
        except FileNotFoundError:
            return True
    return write_if_changed(path, data, durable)


def output_order(rels: Iterable[str]) -> list[str]:
    """Sidecar files first, in path order, the feed last."""
    return sorted(set(rels), key=lambda rel: (rel == FEED_FILE, rel))


def carried_sidecars(config: Config, lang: str, carried: Iterable[PublishedItem]) -> set[str]:
    """The files under `<out>/<lang>/` that carried-over items point at (their chapters, their transcripts, and
    the pictures their notes show)."""
    prefix = output_url(config, lang, "")
    pictures = re.compile(re.escape(prefix) + IMAGES_DIR + r"/[0-9a-f]{%d}\.[a-z]{3,4}" % NAME_HEX)
    found = set()
    for item in carried:
        for el in item.element.iter():
            for value in (el.get("url"), el.get("href")):
                if value and value.startswith(prefix):
                    found.add(unquote(value[len(prefix):]))
            if el.text and prefix in el.text:  # the notes (description, content:encoded) hold HTML as text
                found.update(match[len(prefix):] for match in pictures.findall(el.text))
    return found


def remove_stale_sidecars(folder: Path, kept: set[str], dry_run: bool) -> list[Path]:
    """Delete the chapters, transcript, picture and episode page files of this feed's folders that no item points
    at any more (an episode whose file name changed, a picture replaced, an item dropped with --remove); in a dry
    run only list them. Only files of the kinds edtfeed writes there: anything else in those folders is someone else's."""
    stale = []
    for sidecars, suffixes in _SIDECARS.items():
        for path in sorted((folder / sidecars).glob("*")):
            if (path.suffix in suffixes and path.is_file() and not path.is_symlink()
                    and f"{sidecars}/{path.name}" not in kept):
                stale.append(path)
                if not dry_run:
                    path.unlink(missing_ok=True)
    return stale

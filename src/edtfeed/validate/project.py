"""What `edtfeed validate` checks beyond what a build checks: local artwork at its source, the feeds already in the
output dir, and feed files named on the command line.

Local artwork (the show image, episode images) is checked once, at its source (edtfeed.toml, the record), where
the site keeps it: record images relative to the record's folder (or, with a leading /, to the episodes dir);
URLs under the show's website map to the folder holding edtfeed.toml (a Jekyll site's root), URLs under
base_url to the output dir. Files are named as a build names them: records from the episodes dir, feeds from the
output dir, the config by its name.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from edtfeed.config import Config
from edtfeed.diagnostics import Diagnostic, ordered
from edtfeed.keylines import key_lines
from edtfeed.read.types import Record
from edtfeed.validate.document import local_locator, split_url
from edtfeed.validate.engine import validate_file
from edtfeed.validate.image_header import artwork_problems
from edtfeed.validate.rules import RULES_BY_ID

FEED_GLOB = "*/feed.xml"


def image_roots(config: Config) -> dict[str, Path]:
    """Public URL prefix -> local folder, for artwork that exists locally."""
    return {f"{config.show.link}/": config.root, f"{config.show.base_url}/": config.output_dir}


def _key_line(path: Path, syntax: Literal["toml", "yaml"], *places: tuple[str, ...]) -> int | None:
    """1-based line setting the first of `places` present in a config (TOML) or record (YAML), to point at
    artwork."""
    try:
        lines = key_lines(path.read_text(encoding="utf-8"), syntax)
    except (OSError, UnicodeDecodeError):
        return None
    return next((lines[place] for place in places if place in lines), None)


def _artwork_findings(image: Path, file: str, line: int | None) -> list[Diagnostic]:
    findings = []
    for aspect, detail in artwork_problems(image).items():
        rule = RULES_BY_ID[f"apple.artwork-{aspect}"]
        findings.append(Diagnostic(file, line, f"{rule.message}: {detail}", rule.level, code=rule.id,
                                   source=rule.source))
    return findings


def _record_image(record: Record, config: Config) -> Path | None:
    """The local file of a record's `image`/`img`: relative to the record, site-absolute, or under the site URL."""
    image = record.image
    if not image:
        return None
    if split_url(image).scheme:
        return local_locator(None, image_roots(config))(image)
    # As edtfeed.episodes.artwork publishes it: relative to the record's folder, or with a leading / to the episodes dir.
    candidate = config.episodes_dir / image.lstrip("/") if image.startswith("/") else record.path.parent / image
    return candidate if candidate.is_file() else None


def artwork_findings(config: Config, records: Iterable[Record]) -> list[Diagnostic]:
    """Show image and episode images that exist locally, checked from their headers."""
    findings = []
    show_image = local_locator(None, image_roots(config))(config.show.image)
    if show_image is not None:
        line = _key_line(config.root / config.config_file, "toml", tuple(config.show_table("image").split(".")),
                         ("show", "image"))
        findings += _artwork_findings(show_image, config.config_file, line)
    for record in records:
        image = _record_image(record, config)
        if image is not None:
            findings += _artwork_findings(image, record.rel, _key_line(record.path, "yaml", ("image",), ("img",)))
    return findings


def feed_findings(config: Config, out_dir: Path | None = None) -> list[Diagnostic]:
    """Every built feed in the output dir, checked against the URL it is published at.

    Chapters files are read from the output dir. Artwork was checked at its source (config, records), so it is
    not located again here: one problem, one diagnostic.
    """
    out = out_dir or config.output_dir
    findings = []
    for path in sorted(out.glob(FEED_GLOB)):
        findings += validate_file(path, name=path.relative_to(out).as_posix(), feed_url=config.feed_url(path.parent.name),
                                  roots={f"{config.show.base_url}/": out}, artwork=False)
    return findings


def feed_files(paths: Iterable[Path]) -> list[Path]:
    """Feed files named on the command line, a folder standing for every *.xml below it."""
    return [file for path in paths for file in (sorted(path.rglob("*.xml")) if path.is_dir() else [path])]


def validate_paths(paths: Iterable[Path]) -> list[Diagnostic]:
    """Feed files, or folders searched for *.xml, validated as they are (their public URL is unknown)."""
    findings: list[Diagnostic] = []
    for file in feed_files(paths):
        findings += validate_file(file)
    return ordered(findings)

"""`edtfeed validate` for a project: records and config before building, then the feeds already built.

Record problems come from the same reader `publish` uses, so validate and publish never disagree about a record.
Local artwork (the show image, episode images) is checked once, at its source (edtfeed.toml, the record), where
the site keeps it: record images relative to the record's folder (or, with a leading /, to the episodes dir);
URLs under the show's website map to the folder holding edtfeed.toml (a Jekyll site's root), URLs under
base_url to the output dir.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

from edtfeed.config import Config
from edtfeed.errors import EXIT_OK, EXIT_PROBLEMS, Problem
from edtfeed.keylines import key_lines
from edtfeed.read.dates import far_ahead
from edtfeed.read.records import read_records
from edtfeed.read.types import Record
from edtfeed.validate.document import local_locator, split_url
from edtfeed.validate.engine import validate_file
from edtfeed.validate.findings import Finding, sort_findings
from edtfeed.validate.image_header import artwork_problems
from edtfeed.validate.rules import RULES_BY_ID

FEED_GLOB = "*/feed.xml"


def record_findings(problems: Iterable[Problem], config: Config) -> list[Finding]:
    """The record reader's problems as findings, so one report and one exit status cover all.

    Paths are shown from the folder holding edtfeed.toml, like the feeds', so every location opens from there.
    """
    return [
        Finding(rule="edtfeed.record", level=p.level, platform="edtfeed", message=p.message, source="",
                file=_display(config.episodes_dir / p.path, config.root), line=p.line)
        for p in problems
    ]


def image_roots(config: Config) -> dict[str, Path]:
    """Public URL prefix -> local folder, for artwork that exists locally."""
    return {f"{config.show.link}/": config.root, f"{config.show.base_url}/": config.output_dir}


def _display(path: Path, root: Path) -> str:
    """`path` as seen from the project folder when it is inside it (the form every finding uses)."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _key_line(path: Path, syntax: Literal["toml", "yaml"], *places: tuple[str, ...]) -> int | None:
    """1-based line setting the first of `places` present in a config (TOML) or record (YAML), to point at
    artwork."""
    try:
        lines = key_lines(path.read_text(encoding="utf-8"), syntax)
    except (OSError, UnicodeDecodeError):
        return None
    return next((lines[place] for place in places if place in lines), None)


def _artwork_findings(image: Path, file: str, line: int | None) -> list[Finding]:
    findings = []
    for aspect, detail in artwork_problems(image).items():
        rule = RULES_BY_ID[f"apple.artwork-{aspect}"]
        findings.append(Finding(rule=rule.id, level=rule.level, platform=rule.platform,
                                message=f"{rule.message}: {detail}", source=rule.source, file=file, line=line))
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


def artwork_findings(config: Config, config_file: Path, records: list[Record]) -> list[Finding]:
    """Show image and episode images that exist locally, checked from their headers."""
    findings = []
    show_image = local_locator(None, image_roots(config))(config.show.image)
    if show_image is not None:
        line = _key_line(config_file, "toml", tuple(config.show_table("image").split(".")), ("show", "image"))
        findings += _artwork_findings(show_image, _display(config_file, config.root), line)
    for record in records:
        image = _record_image(record, config)
        if image is not None:
            findings += _artwork_findings(image, _display(record.path, config.root),
                                          _key_line(record.path, "yaml", ("image",), ("img",)))
    return findings


def feed_findings(config: Config, out_dir: Path | None = None) -> list[Finding]:
    """Every built feed in the output dir, checked against the URL it is published at.

    Chapters files are read from the output dir. Artwork was checked at its source (config, records), so it is
    not located again here: one problem, one finding.
    """
    out = out_dir or config.output_dir
    findings = []
    for path in sorted(out.glob(FEED_GLOB)):
        findings += validate_file(path, name=_display(path, config.root), feed_url=config.feed_url(path.parent.name),
                                  roots={f"{config.show.base_url}/": out}, artwork=False)
    return findings


def validate_project(config: Config, config_file: Path) -> list[Finding]:
    """Records, artwork and built feeds of the project configured by `config_file`."""
    records, problems = read_records(config)
    problems += far_ahead(records, config.episodes.future_days, datetime.now(timezone.utc).date())
    findings = record_findings(problems, config)
    findings += artwork_findings(config, config_file, records)
    findings += feed_findings(config)
    return sort_findings(findings)


def feed_files(paths: Iterable[Path]) -> list[Path]:
    """Feed files named on the command line, a folder standing for every *.xml below it."""
    return [file for path in paths for file in (sorted(path.rglob("*.xml")) if path.is_dir() else [path])]


def validate_paths(paths: Iterable[Path]) -> list[Finding]:
    """Feed files, or folders searched for *.xml, validated as they are (their public URL is unknown)."""
    findings: list[Finding] = []
    for file in feed_files(paths):
        findings += validate_file(file)
    return sort_findings(findings)


def exit_status(findings: list[Finding], strict: bool) -> int:
    """1 when there are errors (or, with --strict, warnings); info never fails a run."""
    failing = {"error", "warning"} if strict else {"error"}
    return EXIT_PROBLEMS if any(f.level in failing for f in findings) else EXIT_OK

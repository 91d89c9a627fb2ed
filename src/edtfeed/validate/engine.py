"""Run the rule table over feeds: bytes or files in, sorted Diagnostics out. Offline; nothing is fetched."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from edtfeed.diagnostics import Diagnostic, ordered

from edtfeed.validate.document import (
    FeedDoc,
    Locator,
    item_label,
    item_of,
    local_locator,
)
from edtfeed.validate.rules import RULES, Rule


def run_rules(doc: FeedDoc, rules: Iterable[Rule] = RULES) -> list[Diagnostic]:
    """Every rule over one parsed feed. A feed that is not XML only gets the well-formedness finding."""
    findings = []
    for rule in rules:
        if doc.root is None and rule.id != "rss.well-formed":
            continue
        for hit in rule.check(doc):
            at = hit.at
            item = item_of(at) if at is not None else None
            findings.append(Diagnostic(
                doc.name, hit.line if at is None else at.sourceline,
                f"{rule.message}: {hit.detail}" if hit.detail else rule.message, rule.level,
                code=rule.id, source=rule.source, item=item_label(item) if item is not None else "",
            ))
    return ordered(findings)


def validate_bytes(
    data: bytes,
    name: str,
    *,
    feed_url: str | None = None,
    locate_image: Locator | None = None,
    locate_file: Locator | None = None,
) -> list[Diagnostic]:
    """Validate feed bytes shown as `name`; `feed_url` is where it is served (checks the self link) when known.

    The locators say where artwork and chapters files the feed links to exist locally (unlocated ones are skipped).
    """
    doc = FeedDoc(name=name, raw=data, feed_url=feed_url)
    if locate_image is not None:
        doc.locate_image = locate_image
    if locate_file is not None:
        doc.locate_file = locate_file
    return run_rules(doc)


def validate_file(
    path: Path,
    *,
    name: str | None = None,
    feed_url: str | None = None,
    roots: Mapping[str, Path] | None = None,
    artwork: bool = True,
) -> list[Diagnostic]:
    """Validate a feed file. `roots` maps public URL prefixes to local folders so linked files can be inspected;
    `artwork=False` leaves artwork to a check at its source."""
    locate = local_locator(path, roots or {})
    return validate_bytes(path.read_bytes(), name or str(path), feed_url=feed_url,
                          locate_image=locate if artwork else None, locate_file=locate)

"""A minimal Record builder for the chapters/transcripts tests: headings found the way the records reader finds them."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from edtfeed.models import Heading, Record

_HEADING_RE = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*$", re.M)


def make_record(body: str, *, title: str = "Sample Episode", lang: str = "en", rel: str = "ep-1/en/episode.md",
                **fields: Any) -> Record:
    """A Record whose headings (offset, line, raw text) are read from `body` like the real reader does."""
    headings = [
        Heading(level=len(m[1]), text=m[2], line=body.count("\n", 0, m.start()) + 1, offset=m.start())
        for m in _HEADING_RE.finditer(body)
    ]
    values: dict[str, Any] = {
        "path": Path("/episodes") / rel, "rel": rel, "lang": lang, "lang_explicit": True, "title": title,
        "date": datetime(2024, 3, 7, tzinfo=timezone.utc), "embed_id": "0a1b2c3d", "body": body, "body_line": 1,
        "headings": headings,
    }
    values.update(fields)
    return Record(**values)


def section(words: int) -> str:
    """A paragraph of `words` words, to control where headings fall in the text."""
    return " ".join(["word"] * (words - 1) + ["end."]) + "\n\n"

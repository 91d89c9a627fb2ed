"""Records for the chapters/transcripts tests: headings found in the body the way the records reader finds them."""

from __future__ import annotations

import re
from typing import Any

from edtfeed.read.types import Heading, Record
from tests.factories import make_record as make_base_record

_HEADING_RE = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*$", re.M)


def headings_of(body: str) -> list[Heading]:
    """ATX headings with their raw text, 1-based line and offset in `body`."""
    return [
        Heading(level=len(m[1]), text=m[2], line=body.count("\n", 0, m.start()) + 1, offset=m.start())
        for m in _HEADING_RE.finditer(body)
    ]


def make_record(body: str, *, title: str = "Sample Episode", **fields: Any) -> Record:
    """A Record with `body` and its headings (tests.factories supplies the other fields)."""
    return make_base_record(body=body, headings=headings_of(body), title=title, **fields)


def section(words: int) -> str:
    """A paragraph of `words` words, to control where headings fall in the text."""
    return " ".join(["word"] * (words - 1) + ["end."]) + "\n\n"

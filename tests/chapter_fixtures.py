"""Records for the chapters/transcripts tests: headings found in the body the way the records reader finds them."""

from __future__ import annotations

from typing import Any

from edtfeed.read.blocks import scan
from edtfeed.read.types import Heading, Record
from tests.factories import make_record as make_base_record


def headings_of(body: str) -> list[Heading]:
    """ATX headings with their raw text, 1-based line and offset in `body`."""
    return [Heading(h.level, h.text, h.line + 1, h.offset) for h in scan(body).headings]


def make_record(body: str, *, title: str = "Sample Episode", **fields: Any) -> Record:
    """A Record with `body` and its headings (tests.factories supplies the other fields)."""
    return make_base_record(body=body, headings=headings_of(body), title=title, **fields)


def section(words: int) -> str:
    """A paragraph of `words` words, to control where headings fall in the text."""
    return " ".join(["word"] * (words - 1) + ["end."]) + "\n\n"

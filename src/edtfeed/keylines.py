"""Where a key is written: the line of every key of a TOML config or of a record's YAML front matter.

Messages name the line to edit; pydantic and PyYAML's safe loader give values without their lines, so the text
is scanned once more, line by line. One home for the config's errors, the record reader's warnings and the
validator's artwork findings.
"""

from __future__ import annotations

import re
from typing import Literal

_TOML_TABLE = re.compile(r"^\[\[?\s*([^\]]+?)\s*\]\]?")
_TOML_KEY = re.compile(r"^([A-Za-z0-9_\-\"'. ]+?)\s*=")
_YAML_KEY = re.compile(r"^([^\s#:][^:]*?)[ \t]*:")  # a top-level key: one written at the start of its line


def _dotted(text: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in text.split("."))


def key_lines(text: str, syntax: Literal["toml", "yaml"], first_line: int = 1) -> dict[tuple[str, ...], int]:
    """The line of every table and key, the first time it is written: TOML `[show]` + `autor = …` ->
    {("show",): 4, ("show", "autor"): 5}; YAML front matter `title: …` -> {("title",): 2}. `first_line` is the
    file line of text's first line (front matter starts below its `---`)."""
    lines: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), first_line):
        if syntax == "yaml":
            if key := _YAML_KEY.match(line):
                lines.setdefault((key[1],), number)
            continue
        stripped = line.strip()
        if header := _TOML_TABLE.match(stripped):
            table = _dotted(header[1])
            lines.setdefault(table, number)
        elif key := _TOML_KEY.match(stripped):
            lines.setdefault(table + _dotted(key[1]), number)
    return lines

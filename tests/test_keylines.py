"""The one home for "which line sets this key": TOML configs and YAML front matter."""

from __future__ import annotations

from edtfeed.keylines import key_lines

TOML = """# a comment
[show]
title = "x"
  image = "https://x.test/a.png"

[shows.news]
"base_url" = "https://x.test"
[[show.hosts]]
name = "Dana"
"""

YAML = """title: "a = b"
tags:
  - one
  - title: nested
description: >
  text = folded
date: 2024-05-14
"""


def test_toml_keys_are_found_under_their_tables() -> None:
    lines = key_lines(TOML, "toml")
    assert lines[("show",)] == 2 and lines[("show", "title")] == 3 and lines[("show", "image")] == 4
    assert lines[("shows", "news", "base_url")] == 7 and lines[("show", "hosts", "name")] == 9


def test_yaml_keys_are_the_top_level_ones_counted_from_first_line() -> None:
    lines = key_lines(YAML, "yaml", first_line=2)
    assert lines == {("title",): 2, ("tags",): 3, ("description",): 6, ("date",): 8}

"""Exclude globs: `*` stays within one folder, `**` spans folders."""

from __future__ import annotations

import pytest

from edtfeed.read.globs import compile_globs, glob_to_regex


def matches(pattern: str, path: str) -> bool:
    compiled = compile_globs([pattern])
    assert compiled is not None
    return compiled.fullmatch(path) is not None


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("*.md", "a.md", True),
        ("*.md", "drafts/a.md", False),  # * stays within one folder
        ("drafts/*", "drafts/a.md", True),
        ("drafts/*", "drafts/old/a.md", False),
        ("drafts/**", "drafts/old/a.md", True),
        ("drafts/**", "drafts/a.md", True),
        ("**/drafts/*.md", "drafts/a.md", True),  # **/ may match no folder at all
        ("**/drafts/*.md", "x/y/drafts/a.md", True),
        ("**/drafts/*.md", "x/y/drafts/z/a.md", False),
        ("**/*.md", "a.md", True),
        ("**/*.md", "a/b/c.md", True),
        ("**", "a/b/c.md", True),
        ("edt-*/episode.md", "edt-11/episode.md", True),
        ("edt-*/episode.md", "edt-11/en/episode.md", False),
        ("edt-**/episode.md", "edt-11/en/episode.md", False),  # ** inside a name is a plain *
        ("edt-?/episode.md", "edt-1/episode.md", True),
        ("edt-?/episode.md", "edt-11/episode.md", False),
        ("edt-[12]/x.md", "edt-2/x.md", True),
        ("edt-[!12]/x.md", "edt-3/x.md", True),
        ("edt-[!12]/x.md", "edt-1/x.md", False),
        ("a.md", "a.md", True),
        ("a.md", "b/a.md", False),  # relative to the episodes dir, anchored
        ("./drafts/", "drafts", True),
        ("a+b (1).md", "a+b (1).md", True),  # regex characters are literal
        ("a.md", "aXmd", False),
    ],
)
def test_glob_semantics(pattern: str, path: str, expected: bool) -> None:
    assert matches(pattern, path) is expected


def test_no_patterns_compile_to_none() -> None:
    assert compile_globs([]) is None
    assert compile_globs(["", "  ", "/"]) is None


def test_several_patterns_match_any() -> None:
    compiled = compile_globs(["drafts/**", "*.tmp.md"])
    assert compiled is not None
    assert compiled.fullmatch("drafts/a/b.md")
    assert compiled.fullmatch("x.tmp.md")
    assert not compiled.fullmatch("edt-1/episode.md")


def test_regex_is_anchored_source() -> None:
    assert glob_to_regex("*.md") == r"[^/]*\.md"

"""The markdown engine: CommonMark with tables, raw HTML kept, and nothing of its memory left behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from edtfeed.episodes.markdown import inline_text, to_html

NOTES = "\n\n".join(f"## Topic {i}\n\nSome *notes* with [a link](https://example.test/{i}) and `code`.\n\n"
                    f"| a | b |\n|---|---|\n| {i} | <b>raw</b> |" for i in range(40))


def test_notes_render_as_commonmark_with_tables_and_raw_html() -> None:
    rendered = to_html(NOTES)
    assert rendered.startswith("<h2>Topic 0</h2>\n<p>Some <em>notes</em> with <a href=\"https://example.test/0\">")
    assert rendered.count("<table>") == 40 and "<td><b>raw</b></td>" in rendered


def test_heading_text_is_plain_inline_text() -> None:
    assert inline_text("1. **Bold** [link](x) `code` ![alt *x*](i.png) &amp; <b>y</b>") == "1. Bold link code alt x & y"


def _rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the process's RSS from /proc")
def test_rendering_frees_what_the_engine_allocated() -> None:
    """cmarkgfm's public helpers leaked the document and the HTML string: ~60 KB per call of a body like this one."""
    for _ in range(50):
        to_html(NOTES)  # warm up: allocator arenas, caches
    before = _rss_kb()
    for _ in range(2000):
        to_html(NOTES)
    assert _rss_kb() - before < 20_000  # a leak of the tree or the string would be over 100 MB here

"""Whole-feed behaviour: a deliberately broken feed, locations, output formats, feeds that are not RSS."""

from __future__ import annotations

import json

import pytest

from edtfeed.validate import validate_bytes
from edtfeed.validate.checks import chapters_file_problem
from edtfeed.diagnostics import render_json, render_text
from tests.feedkit import BASE_FEED, apply, run_feed

INJECTED = (
    ('text="Technology"', 'text="Kids &amp; family"'),  # wrong case in an Apple category
    ("<itunes:email>show@example.org</itunes:email>", "<itunes:email></itunes:email>"),  # Spotify needs it
    ("Tue, 05 Mar 2024 08:00:00 +0000</pubDate>", "Wed, 05 Mar 2024 08:00:00 +0000</pubDate>"),  # wrong weekday
    ('start="00:01:00.000"', 'start="one minute"'),  # psc start not NPT
    ("https://example.org/en/transcripts", "http://example.org/en/transcripts"),  # podcast: URL not https
    (">ep-1<", ">ep-2<"),  # duplicate guid
    ("<itunes:explicit>false</itunes:explicit>\n      <itunes:episode>1<", "<itunes:explicit>yes</itunes:explicit>\n"
     "      <itunes:episode>1<"),  # obsolete explicit value in the last item
)


def test_each_injected_problem_is_reported_once_with_its_location(tmp_path) -> None:
    run = run_feed(tmp_path, apply(BASE_FEED, INJECTED))
    got = [(f.code, f.line, f.item) for f in run.findings]
    assert got == [
        ("apple.category-known", run.line_of('text="Kids &amp; family"'), ""),
        ("spotify.owner-email", run.line_of("<itunes:email>"), ""),
        ("apple.date-weekday", run.line_of("Wed, 05 Mar"), "ep-2"),
        ("podcast.https", run.line_of("http://example.org/en/transcripts"), "ep-2"),
        ("psc.chapter-start", run.line_of("one minute"), "ep-2"),
        ("apple.guid-unique", run.line_of(">ep-2<", nth=2), "ep-2"),
        ("apple.explicit-value", run.line_of("<itunes:explicit>yes<"), "ep-2"),
    ]
    assert all(f.file == "feed.xml" for f in run.findings)


def test_json_output_is_sorted_and_stable(tmp_path) -> None:
    findings = run_feed(tmp_path, apply(BASE_FEED, INJECTED)).findings
    first = render_json(findings)
    assert render_json(list(reversed(findings))) == first
    data = json.loads(first)
    assert data["counts"] == {"error": 7, "info": 0, "warning": 0}
    assert list(data["diagnostics"][0]) == sorted(data["diagnostics"][0])
    lines = [f["line"] for f in data["diagnostics"]]
    assert lines == sorted(lines)


def test_text_output_says_where_and_which_rule(tmp_path) -> None:
    findings = run_feed(tmp_path, apply(BASE_FEED, INJECTED)).findings
    lines = [message.text for message in render_text(findings)]
    assert len(lines) == 7 and all(line.startswith("feed.xml:") for line in lines)
    assert any("[item ep-2]: error: " in line and line.endswith("[apple.date-weekday]") for line in lines)
    assert all("\x1b[" not in line for line in lines)


def test_not_xml_reports_only_the_syntax_error() -> None:
    findings = validate_bytes(b"<rss version='2.0'><channel><title>x</channel></rss>", "bad.xml")
    assert [(f.code, f.line) for f in findings] == [("rss.well-formed", 1)]


def test_an_atom_feed_is_rejected_as_not_rss() -> None:
    atom = b'<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>'
    assert [f.code for f in validate_bytes(atom, "atom.xml")] == ["apple.rss-2"]


def test_self_link_is_only_compared_when_the_feed_url_is_known(tmp_path) -> None:
    moved = apply(BASE_FEED, (('href="https://example.org/en/feed.xml"', 'href="https://example.org/x.xml"'),))
    assert "directory.self-link-match" not in run_feed(tmp_path, moved, feed_url=None).rules
    assert "directory.self-link-match" in run_feed(tmp_path, moved).rules


@pytest.mark.parametrize(("title", "flagged"), [
    ("#189 Embracing change", True), ("Folge 3: Daten", True), ("S2E4 Edge", True), ("Test Show: the return", True),
    ("Second episode", False), ("2024 in review", False), ("Test Show", False),
])
def test_title_numbering_forms(tmp_path, title: str, flagged: bool) -> None:
    run = run_feed(tmp_path, apply(BASE_FEED, (("<title>Second episode</title>", f"<title>{title}</title>"),)))
    assert ("apple.title-numbering" in run.rules) is flagged


@pytest.mark.parametrize(("data", "problem"), [
    (b'{"version": "1.2.0", "chapters": [{"startTime": 0}, {"startTime": 12.5, "title": "x"}]}', None),
    (b'{"version": "1.2.0", "chapters": []}', None),
    (b"{", "not JSON"),
    (b'{"chapters": []}', 'no "version" string'),
    (b'{"version": "1.2.0"}', 'no "chapters" array'),
    (b'{"version": "1.2.0", "chapters": [{"title": "x"}]}', "chapter 1 has no numeric startTime"),
    (b'{"version": "1.2.0", "chapters": [{"startTime": "0"}]}', "chapter 1 has no numeric startTime"),
    (b'{"version": "1.2.0", "chapters": [{"startTime": true}]}', "chapter 1 has no numeric startTime"),
    (b'{"version": "1.2.0", "chapters": [{"startTime": 9}, {"startTime": 3}]}', "chapter 2 starts at 3"),
])
def test_json_chapters_files(data: bytes, problem: str | None) -> None:
    found = chapters_file_problem(data)
    assert found is None if problem is None else found.startswith(problem)

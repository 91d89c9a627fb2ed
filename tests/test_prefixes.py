"""Analytics prefixes: a configured chain is applied after the host's own prefixes are removed, and refused when it
would break downloads (too many hops, http, a dead service, a rewritten path, a service twice)."""

from __future__ import annotations

import pytest

from edtfeed.prefixes import apply_prefixes, fill, prefix_problems, same_audio, split_chain, strip_prefixes

GUID = "b8a7b411-a0bc-5561-8a25-d6e2bfc76a29"
HOSTED = "https://op3.dev/e/media.transistor.fm/5e08448f/4c5d3ad7.mp3"  # as Transistor publishes it
BARE = "https://media.transistor.fm/5e08448f/4c5d3ad7.mp3"
OP3 = "https://op3.dev/e,pg={podcast_guid}/"
PODTRAC = "https://dts.podtrac.com/redirect.mp3/"


def test_the_hosts_prefix_is_removed_and_ours_applied_in_the_order_given() -> None:
    ours = [fill(OP3, GUID, "de"), fill(PODTRAC, GUID, "de")]
    assert prefix_problems([OP3, PODTRAC]) == []
    assert apply_prefixes(HOSTED, ours) == (
        f"https://op3.dev/e,pg={GUID}/dts.podtrac.com/redirect.mp3/media.transistor.fm/5e08448f/4c5d3ad7.mp3")


def test_applying_twice_gives_the_same_url_and_no_prefix_leaves_the_bare_url() -> None:
    ours = [fill(OP3, GUID, "de")]
    once = apply_prefixes(HOSTED, ours)
    assert apply_prefixes(once, ours) == once
    assert apply_prefixes(once, []) == BARE


def test_lang_placeholder_and_unknown_prefixes_are_stripped_when_given() -> None:
    mine = fill("https://stats.example.org/{lang}/", GUID, "es")
    url = apply_prefixes(BARE, [mine])
    assert url == "https://stats.example.org/es/media.transistor.fm/5e08448f/4c5d3ad7.mp3"
    assert strip_prefixes(url) == "https://stats.example.org/es/media.transistor.fm/5e08448f/4c5d3ad7.mp3"
    assert strip_prefixes(url, [mine]) == BARE


def test_the_chain_is_read_with_every_scheme_written_in_it() -> None:
    chain = split_chain("https://op3.dev/e/http://dts.podtrac.com/redirect.mp3/media.example.org/ep.mp3")
    assert chain.prefixes == ("op3.dev/e/", "dts.podtrac.com/redirect.mp3/")
    assert [s.name for s in chain.services if s] == ["OP3", "Podtrac"]
    assert chain.schemes == ("https", "http")
    assert chain.bare == "http://media.example.org/ep.mp3"


def test_an_enclosure_that_only_gained_or_lost_a_prefix_is_the_same_audio() -> None:
    assert same_audio(HOSTED, BARE)
    assert same_audio(HOSTED, apply_prefixes(HOSTED, [fill(OP3, GUID, "ar")]))
    assert same_audio(HOSTED, "https://stats.example.org/es/media.transistor.fm/5e08448f/4c5d3ad7.mp3")  # unknown
    assert not same_audio(HOSTED, "https://media.transistor.fm/5e08448f/other.mp3")
    assert not same_audio(HOSTED, "https://media.transistor.fm/5e08448f/x4c5d3ad7.mp3")


@pytest.mark.parametrize(("prefixes", "expected"), [
    ([OP3, PODTRAC, "https://pdcn.co/e/", "https://pscrb.fm/rss/p/", "https://mgln.ai/e/abc/"], "at most 4"),
    (["http://op3.dev/e/"], "must be an https URL"),
    (["https://chtbl.com/track/AB12C/"], "Chartable has shut down"),
    (["https://chrt.fm/track/AB12C/"], "Chartable has shut down"),
    (["https://stats.example.org/track?u="], "must end with \"/\""),
    (["https://stats.example.org/track"], "must end with \"/\""),
    ([OP3, "https://op3.dev/e/"], "OP3 is listed twice"),
    (["https://stats.example.org/{show}/"], "unknown placeholder {show}"),
])
def test_a_chain_that_would_break_downloads_is_refused(prefixes: list[str], expected: str) -> None:
    problems = prefix_problems(prefixes)
    assert len(problems) == 1 and expected in problems[0], problems


def test_four_hops_are_fine() -> None:
    assert prefix_problems([OP3, PODTRAC, "https://pdcn.co/e/", "https://pscrb.fm/rss/p/"]) == []

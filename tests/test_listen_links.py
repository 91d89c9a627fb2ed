"""Listening links (Apple Podcasts, Spotify, …) from config to atom:link rel="related", which feed.xsl shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from edtfeed.config import load_config
from edtfeed.episodes.episode import build_episode
from edtfeed.errors import ConfigError
from edtfeed.render import render_feed
from tests.factories import make_audio, make_config, make_record

ATOM = "{http://www.w3.org/2005/Atom}link"
APPLE = "https://podcasts.apple.com/us/podcast/test/id1"
SPOTIFY = "https://open.spotify.com/show/abc"


def related(lang: str, **show) -> list[tuple[str, str, str]]:
    config = make_config(**show)
    episode = build_episode(make_record(lang=lang), make_audio(), config)
    channel = etree.fromstring(render_feed(config, lang, [episode], [lang])).find("channel")
    return [(el.get("title"), el.get("href"), el.get("type")) for el in channel.iter(ATOM) if el.get("rel") == "related"]


def test_show_links_are_emitted_in_config_order() -> None:
    assert related("en", listen={"Apple Podcasts": APPLE, "Spotify": SPOTIFY}) == [
        ("Apple Podcasts", APPLE, "text/html"), ("Spotify", SPOTIFY, "text/html")]


def test_a_language_with_its_own_links_replaces_the_shows() -> None:
    show = {"listen": {"Apple Podcasts": APPLE}, "languages": {"es": {"listen": {"Spotify": SPOTIFY + "-es"}}}}
    assert related("es", **show) == [("Spotify", SPOTIFY + "-es", "text/html")]
    assert related("en", **show) == [("Apple Podcasts", APPLE, "text/html")]
    assert related("en") == []


def test_links_must_be_https(tmp_path: Path) -> None:
    path = tmp_path / "edtfeed.toml"
    path.write_text('[show]\ntitle="t"\ndescription="d"\nauthor="a"\nemail="e@example.org"\n'
                    'image="https://example.org/c.jpg"\nlink="https://example.org"\ncategories=["Technology"]\n'
                    'base_url="https://example.org/feeds"\n[show.listen]\nSpotify="http://open.spotify.com/show/x"\n',
                    encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[show.listen\].*not an https URL"):
        load_config(path)

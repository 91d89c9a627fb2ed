"""The first real show, end to end, with flags only: `init --yes …` on a site shaped like the real one, `publish`,
every intended episode in every feed, the pasted pictures written once as files and served, a second publish
that writes nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path

import feedparser
import requests
from click.testing import CliRunner

from edtfeed import __version__
from edtfeed.cli import main
from edtfeed.serve import serve
from tests.fake_transistor import FakeEpisode, FakeTransistor
from tests.jekyll_site import HOME, JPEG, WEBP, build_site


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def snapshot(root: Path) -> dict[str, tuple[int, bytes]]:
    """Every file init and publish own: the feeds folder and the locks, with their modification times."""
    files = [*(root / "docs/feeds").rglob("*"), *root.glob("edtfeed*.lock")]
    return {p.relative_to(root).as_posix(): (p.stat().st_mtime_ns, p.read_bytes()) for p in files if p.is_file()}


def name_of(data: bytes, ext: str) -> str:
    return f"{hashlib.sha256(data).hexdigest()[:16]}.{ext}"


def test_a_real_shaped_site_from_init_to_a_second_publish_that_writes_nothing(tmp_path: Path) -> None:
    site = build_site(tmp_path / "site")
    root = site.root
    assert (root / site.big_record).stat().st_size > 2_900_000
    with (FakeTransistor([FakeEpisode(i) for i in site.ids["episodes"]]) as episodes,
          FakeTransistor([FakeEpisode(i) for i in site.ids["briefs"]]) as briefs):
        init = invoke("init", str(root), "--yes", "--feed-url", episodes.feed_url,
                      "--feed-url", f"briefs={briefs.feed_url}", "--base-url", f"{HOME}/feeds",
                      "--install", f"edtfeed=={__version__}")
        assert init.exit_code == 0, init.output
        config = str(root / "edtfeed.toml")

        first = invoke("--config", config, "publish")
        assert first.exit_code == 0, first.output
        assert first.output.count("\n0 errors, ") == 2, first.output
        assert "same episode (embed id" not in first.output  # init excluded the base files
        before = snapshot(root)

        for again in (("publish",), ("publish", "--no-cache")):  # replayed from the cache, then built afresh
            second = invoke("--config", config, *again)
            assert second.exit_code == 0, second.output
            assert " 0 written" in second.output and not any(
                f" {n} written" in second.output for n in range(1, 50)), second.output
            assert snapshot(root) == before  # not a byte, not a modification time

    feeds = sorted((root / "docs/feeds").glob("*/*/feed.xml"))
    assert {(p.parent.parent.name, p.parent.name) for p in feeds} == set(site.intended)
    for (series, lang), titles in site.intended.items():
        feed_path = root / "docs/feeds" / series / lang / "feed.xml"
        parsed = feedparser.parse(feed_path.read_bytes())
        assert {entry.title for entry in parsed.entries} == titles, (series, lang)
    for path in (root / "docs/feeds").rglob("*"):
        if path.suffix in (".xml", ".html", ".json"):
            assert b"data:" not in path.read_bytes(), path

    images = root / "docs/feeds/briefs/en/images"
    names = sorted(p.name for p in images.iterdir())
    assert names == sorted([name_of(JPEG, "jpg"), name_of(WEBP, "webp")])
    assert (images / name_of(JPEG, "jpg")).read_bytes() == JPEG
    feed = (root / "docs/feeds/briefs/en/feed.xml").read_text(encoding="utf-8")
    page = (root / "docs/feeds/briefs/en/index.html").read_text(encoding="utf-8")
    for name in names:
        url = f"{HOME}/feeds/briefs/en/images/{name}"
        assert url in feed and url in page
    assert not (root / "docs/feeds/briefs/it/images").exists()  # only the record that had pictures

    with serve(root / "docs/feeds", port=0, quiet=True) as server:
        answer = requests.get(f"{server.url}/briefs/en/images/{name_of(WEBP, 'webp')}", timeout=10)
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "image/webp"
    assert answer.content == WEBP

"""publish and the validator together: feed.xsl is written and linked, the rules run on every feed it builds."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

import edtfeed.build.show
from edtfeed.cli import main
from tests.sample_show import copy_sample_show


def run(config: Path, *args: str):
    return CliRunner().invoke(main, ["--config", str(config), *args], catch_exceptions=False)


def test_publish_writes_the_stylesheet_and_links_every_feed_to_it(tmp_path: Path) -> None:
    config = copy_sample_show(tmp_path)
    result = run(config, "publish", "--offline")
    assert result.exit_code == 0, result.output
    out = tmp_path / "feeds"
    assert (out / "feed.xsl").read_bytes() == resources.files("edtfeed").joinpath("data/feed.xsl").read_bytes()
    assert f"+ {out / 'feed.xsl'}" in result.output
    assert "feed rules: 0 errors, 0 warnings, 0 infos" in result.output
    for feed in sorted(out.glob("*/feed.xml")):
        pi = etree.parse(str(feed)).getroot().getprevious()
        assert isinstance(pi, etree._ProcessingInstruction)
        assert (pi.target, pi.get("type"), pi.get("href")) == ("xml-stylesheet", "text/xsl", "../feed.xsl")
        assert (feed.parent / pi.get("href")).resolve() == (out / "feed.xsl").resolve()
    again = run(config, "publish", "--offline")
    assert "feed.xsl" not in again.output  # unchanged, not rewritten


def test_dry_run_writes_no_stylesheet(tmp_path: Path) -> None:
    config = copy_sample_show(tmp_path)
    result = run(config, "publish", "--offline", "--dry-run")
    assert f"~ {tmp_path / 'feeds' / 'feed.xsl'}" in result.output
    assert not (tmp_path / "feeds").exists()


def test_publish_reports_rule_findings_on_what_it_built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    render = edtfeed.build.show.render_feed

    def obsolete_explicit(config, lang, episodes, languages, *rest):  # a rendering bug the rules must catch
        data = render(config, lang, episodes, languages, *rest)
        return data.replace(b"<itunes:explicit>false", b"<itunes:explicit>no", 1) if lang == "es" else data

    monkeypatch.setattr(edtfeed.build.show, "render_feed", obsolete_explicit)
    result = run(copy_sample_show(tmp_path), "publish", "--offline")
    assert "feed rules: 1 error, 0 warnings, 0 infos" in result.stdout
    lines = (tmp_path / "feeds/es/feed.xml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "<itunes:explicit>no" in text)
    assert f"es/feed.xml\n  line {line}: ERROR apple.explicit-value:" in result.stderr

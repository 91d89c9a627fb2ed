"""Caption renditions of a timed transcript block: VTT and SRT from one list of cues, read back by webvtt-py,
linked as `<podcast:transcript rel="captions">` that podcastparser and feedparser still read with the chapters."""

from __future__ import annotations

import html
import io
from pathlib import Path

import feedparser
import podcastparser
import webvtt
from click.testing import CliRunner

from edtfeed.cli import main
from edtfeed.episodes.transcripts import timed_cues
from edtfeed.read.cues import TimedCue
from edtfeed.render.captions import subrip, webvtt as write_vtt
from tests.sample_show import copy_sample_show

BLOCK = ("<p>[00:00:00] Robin Host: Welcome &amp; hello. <b>A</b> --> B</p>\n<p>more of Robin</p>\n"
         "<p>[00:00:12] Lee Sample: Thanks.</p>\n<p>[00:00:05] Robin Host: a time that goes back</p>\n"
         "<p>[00:01:30] Robin Host: So where do we start?</p>")


def test_one_list_of_cues_gives_vtt_and_srt_that_parse_back(tmp_path: Path) -> None:
    cues = timed_cues(BLOCK, duration=600)
    assert [(c.start, c.end, c.voice) for c in cues] == [(0, 12, "Robin Host"), (12, 90, "Lee Sample"),
                                                          (90, 600, "Robin Host")]
    vtt = webvtt.from_buffer(io.StringIO(write_vtt(cues).decode("utf-8")))
    assert [(c.start, c.end, c.voice) for c in vtt] == [("00:00:00.000", "00:00:12.000", "Robin Host"),
                                                       ("00:00:12.000", "00:01:30.000", "Lee Sample"),
                                                       ("00:01:30.000", "00:10:00.000", "Robin Host")]
    assert [html.unescape(line) for line in vtt[0].text.splitlines()] == ["Welcome & hello. A --> B", "more of Robin"]
    assert "Robin Host: a time that goes back" in vtt[1].text  # folded into the cue before it
    srt_file = tmp_path / "c.srt"
    srt_file.write_bytes(subrip(cues))
    srt = webvtt.from_srt(str(srt_file))
    assert [(c.start, c.end) for c in srt] == [(c.start, c.end) for c in vtt]
    assert srt[2].text == "Robin Host: So where do we start?"


def test_untimed_first_turn_means_no_captions() -> None:
    assert timed_cues("<p>Robin Host: hi</p><p>[00:00:12] Lee Sample: Thanks.</p>", 600) == []
    assert write_vtt([TimedCue(0.0, 1.5, "x")]) == b"WEBVTT\n\n00:00:00.000 --> 00:00:01.500\nx\n"


def test_published_renditions_are_linked_and_feeds_still_read(tmp_path: Path) -> None:
    config = copy_sample_show(tmp_path)
    first = CliRunner().invoke(main, ["--config", str(config), "publish", "--offline"], catch_exceptions=False)
    assert first.exit_code == 0, first.output
    out = config.parent / "feeds" / "en"
    vtt_file, srt_file = out / "transcripts" / "episode-sample3-en.vtt", out / "transcripts" / "episode-sample3-en.srt"
    captions = webvtt.read(str(vtt_file))
    assert captions[0].voice == "Robin Host" and captions[0].start == "00:00:00.000"
    assert len(webvtt.from_srt(str(srt_file))) == len(captions)
    feed = (out / "feed.xml").read_bytes()
    parsed = podcastparser.parse("https://www.example.org/feeds/en/feed.xml", io.BytesIO(feed))
    episode = next(e for e in parsed["episodes"] if e["guid"] == "episode-SAMPLE3-en")
    assert episode["chapters"] and episode["chapters"][0]["start"] == 0
    assert feed.count(b'language="en" rel="captions"/>') == 2  # the VTT and SRT renditions of episode 3
    entry = next(e for e in feedparser.parse(feed).entries if e.id == "episode-SAMPLE3-en")
    assert entry.psc_chapters.chapters
    stamps = {p: p.stat().st_mtime_ns for p in (vtt_file, srt_file)}
    again = CliRunner().invoke(main, ["--config", str(config), "publish", "--offline", "--no-cache"])
    assert again.exit_code == 0 and {p: p.stat().st_mtime_ns for p in stamps} == stamps  # unchanged: not rewritten

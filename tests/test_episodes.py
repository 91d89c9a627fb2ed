"""Deciding each item (guid, link, show notes) and the limits render/notes.py keeps its texts in.

Transistor URLs in this file are data only, never fetched: conftest.py fences every test's network to
127.0.0.1/localhost (tests/test_network_fence.py proves it).
"""

from datetime import datetime, timezone

import pytest

from edtfeed.episodes.episode import Episode, build_episode, episode_guid
from tests.compose import build_episodes
from edtfeed.render.notes import DESCRIPTION_MAX_BYTES, fit_description, fit_notes, item_texts
from tests.factories import make_audio, make_config, make_record


def description_html(episode: Episode) -> str:
    return item_texts(episode, make_config())[0]


def content_html(episode: Episode) -> str:
    return item_texts(episode, make_config())[1]


def test_guid_prefers_front_matter_then_permalink_then_path():
    assert episode_guid(make_record(guid="fixed-guid")) == "fixed-guid"
    assert episode_guid(make_record(permalink="/episode-EDT1-en/")) == "episode-EDT1-en"
    assert episode_guid(make_record(permalink=None)) == "ep/en/episode"


def test_guid_ignores_title_and_audio():
    a = build_episode(make_record(title="One"), make_audio(), make_config())
    b = build_episode(make_record(title="Two"), make_audio(url="https://media.transistor.fm/cea47899/x.mp3"),
                      make_config())
    assert a.guid == b.guid == "episode-7-en"


def test_link_uses_template_or_show_site():
    assert build_episode(make_record(), make_audio(), make_config()).link == "https://example.org/episode-7-en"
    cfg = make_config()
    cfg = cfg.model_copy(update={"episodes": cfg.episodes.model_copy(update={"link": "https://s.org/{lang}/{permalink}"})})
    assert build_episode(make_record(), make_audio(), cfg).link == "https://s.org/en/episode-7-en"


def test_description_is_escaped_html_with_youtube_link():
    ep = build_episode(make_record(description="Fish & <chips>", youtube_id="ImbRcqDHYV0"), make_audio(), make_config())
    assert description_html(ep) == (
        '<p>Fish &amp; &lt;chips&gt;</p><p><a href="https://www.youtube.com/watch?v=ImbRcqDHYV0">Watch on YouTube</a></p>'
    )
    assert ep.youtube_url == "https://www.youtube.com/watch?v=ImbRcqDHYV0"
    assert "watch?v=ImbRcqDHYV0" in content_html(ep)


def test_no_youtube_link_without_video():
    ep = build_episode(make_record(youtube_id=None), make_audio(), make_config())
    assert "youtube" not in description_html(ep) + content_html(ep)


@pytest.mark.parametrize("char", ["a", "é", "ع", "日"])
def test_description_cut_to_4000_utf8_bytes_at_a_word(char):
    text = " ".join([char * 7] * 2000)
    tail = ['<p><a href="https://www.youtube.com/watch?v=ImbRcqDHYV0">Watch on YouTube</a></p>']
    html = fit_description(text, tail)
    assert len(html.encode("utf-8")) <= DESCRIPTION_MAX_BYTES
    assert html.endswith("…</p>" + tail[0])
    kept = html.removeprefix("<p>").split("…</p>")[0]
    assert all(word == char * 7 for word in kept.split(" "))  # cut between words, never inside one
    assert len(html.encode("utf-8")) > DESCRIPTION_MAX_BYTES - 40  # and not wastefully short


def test_short_description_untouched():
    assert fit_description("Short & sweet") == "<p>Short &amp; sweet</p>"


def test_content_is_markdown_rendered():
    ep = build_episode(make_record(body="Hello *world*.\n\n## Part\n\n- a\n- b\n"), make_audio(), make_config())
    assert "<em>world</em>" in content_html(ep) and "<h2>Part</h2>" in content_html(ep) and "<li>a</li>" in content_html(ep)


def test_summary_falls_back_to_first_paragraph():
    ep = build_episode(make_record(description=None, summary=None, body="First para\nwraps.\n\n## H\n"), make_audio(),
                       make_config())
    assert description_html(ep) == "<p>First para wraps.</p>"


def test_explicit_number_season_type_and_image():
    rec = make_record(explicit=True, season=3, number=None,
                      image="https://cdn.example.org/art.png")
    ep = build_episode(rec, make_audio(episode=12, episode_type="bonus", image="https://x/y.jpg"), make_config())
    assert (ep.explicit, ep.number, ep.season, ep.episode_type) == (True, 12, 3, "bonus")
    assert ep.image == "https://cdn.example.org/art.png"
    relative = build_episode(make_record(image="thumbnail.png"), make_audio(image="https://x/y.jpg"), make_config())
    assert relative.image == "https://x/y.jpg"


def test_build_episodes_orders_newest_first_and_skips_unresolved():
    old = make_record(permalink="old", date=datetime(2020, 1, 1, tzinfo=timezone.utc), embed_id="00000001")
    new = make_record(permalink="new", date=datetime(2024, 1, 1, tzinfo=timezone.utc), embed_id="00000002")
    lost = make_record(permalink="lost", embed_id="00000003")
    audio = {"00000001": make_audio(embed_id="00000001"), "00000002": make_audio(embed_id="00000002")}
    by_lang, problems = build_episodes([old, lost, new], audio, make_config())
    assert [ep.guid for ep in by_lang["en"]] == ["new", "old"]
    assert problems == []


def test_missing_permalink_warns_with_file():
    by_lang, problems = build_episodes([make_record(permalink=None)], {"cea47899": make_audio()}, make_config())
    assert len(problems) == 1 and problems[0].file == "ep/en/episode.md" and problems[0].severity == "warning"


def test_stray_heading_tags_do_not_leak_into_the_notes():
    ep = build_episode(make_record(body="## Title<h2>\n\ntext\n\n### Sub </h3>\n\n## Upper</H2>\n"), make_audio(),
                       make_config())
    assert "<h2>Title</h2>" in content_html(ep) and "<h3>Sub</h3>" in content_html(ep)
    assert content_html(ep).count("<h2>") == 2 and "<h2>Upper</h2>" in content_html(ep)


def test_front_matter_season_wins_over_the_audio_season():
    ep = build_episode(make_record(season=2), make_audio(season=9), make_config())
    assert ep.season == 2


def test_fit_notes_cuts_between_blocks_and_keeps_the_tail() -> None:
    from edtfeed.episodes import markdown

    body = "\n\n".join(f"Paragraph {i} " + "word " * 60 for i in range(40))
    notes, tail, more = markdown.to_html(body), "<p>00:00 Intro</p>", '<p><a href="https://x.test/e">More</a></p>'
    assert fit_notes(body, notes, tail, None, more) == notes + tail
    assert fit_notes(body, notes, tail, len((notes + tail).encode()), more) == notes + tail
    fitted = fit_notes(body, notes, tail, 4000, more)
    assert len(fitted.encode()) <= 4000 and fitted.endswith(more + tail)
    assert fitted.startswith("<p>Paragraph 0 ") and fitted.count("<p>Paragraph") >= 5
    assert fitted.count("<p>") == fitted.count("</p>")  # whole blocks only
    assert fit_notes(body, notes, tail, 200, more) == more + tail  # not even the first paragraph fits

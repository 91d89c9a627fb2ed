"""YouTube ids from bare ids and every URL form; placeholders mean no video."""

from __future__ import annotations

import pytest

from edtfeed.read.youtube import watch_url, youtube_id

VIDEO = "Qx7_pL2-rsA"


@pytest.mark.parametrize(
    "value",
    [
        VIDEO,
        f"  {VIDEO}  ",
        f"https://youtu.be/{VIDEO}",
        f"https://youtu.be/{VIDEO}?si=abcdef&t=30",
        f"http://youtu.be/{VIDEO}",
        f"youtu.be/{VIDEO}",
        f"https://www.youtube.com/watch?v={VIDEO}",
        f"https://youtube.com/watch?v={VIDEO}&t=42s",
        f"https://www.youtube.com/watch?feature=share&v={VIDEO}",
        f"https://m.youtube.com/watch?v={VIDEO}",
        f"https://www.youtube.com/embed/{VIDEO}",
        f"https://www.youtube.com/embed/{VIDEO}?start=10",
        f"https://www.youtube-nocookie.com/embed/{VIDEO}",
        f"https://www.youtube.com/shorts/{VIDEO}",
        f"https://www.youtube.com/live/{VIDEO}?feature=shared",
        f"https://www.youtube.com/v/{VIDEO}",
        f"www.youtube.com/watch?v={VIDEO}",
        f"HTTPS://WWW.YOUTUBE.COM/watch?v={VIDEO}",
    ],
)
def test_every_form_gives_the_id(value: str) -> None:
    assert youtube_id(value) == VIDEO


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "   ",
        "url",
        "https://youtu.be/",
        "https://youtu.be/url",
        "https://youtu.be/url/",
        "https://www.youtube.com/watch?v=url",
        "https://www.youtube.com/watch",
        "https://www.youtube.com/",
        "https://www.youtube.com/channel/UCabcdefghijklmnopqrstuv",
        "https://www.youtube.com/playlist?list=PL1234567890",
        "https://vimeo.com/123456789",
        f"https://example.com/{VIDEO}",
        "Qx7_pL2-rs",  # 10 characters
        "Qx7_pL2-rsAB",  # 12 characters
        "Qx7_pL2+rsA",  # not in the alphabet
        "placeholder",  # 11 characters, a template word
        "https://youtu.be/Qx7_pL2-rs",
    ],
)
def test_placeholders_and_junk_are_none(value: str | None) -> None:
    assert youtube_id(value) is None


def test_non_string_is_none() -> None:
    assert youtube_id(12345678901) is None  # type: ignore[arg-type]


def test_watch_url() -> None:
    assert watch_url(VIDEO) == f"https://www.youtube.com/watch?v={VIDEO}"


@pytest.mark.parametrize("bad", ["url", "", "https://youtu.be/" + VIDEO])
def test_watch_url_refuses_non_ids(bad: str) -> None:
    with pytest.raises(ValueError):
        watch_url(bad)


def test_watch_url_deep_links_to_a_second() -> None:
    from edtfeed.read.youtube import watch_url

    assert watch_url("ImbRcqDHYV0", 90) == "https://www.youtube.com/watch?v=ImbRcqDHYV0&t=90s"
    assert watch_url("ImbRcqDHYV0", 0) == "https://www.youtube.com/watch?v=ImbRcqDHYV0&t=0s"

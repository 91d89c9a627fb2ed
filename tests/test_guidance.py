"""Messages that lead somewhere: no config, a placeholder title, a record over the bound."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from edtfeed.cli import main
from tests.sample_show import copy_sample_show


def run(*args: str, config: Path | None = None):
    prefix = ["--config", str(config)] if config else []
    return CliRunner().invoke(main, [*prefix, *args], catch_exceptions=False)


def test_no_config_names_the_folders_searched_and_suggests_init(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "site/.git").mkdir(parents=True)
    docs = tmp_path / "site/docs"
    docs.mkdir()
    monkeypatch.chdir(docs)
    monkeypatch.delenv("EDTFEED_CONFIG", raising=False)
    result = run("publish")
    assert result.exit_code == 2
    assert (f"no edtfeed.toml in {docs} nor in its parents up to the repository root {tmp_path / 'site'}: run "
            "`edtfeed init` in the site's folder") in result.output

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    monkeypatch.chdir(outside)
    alone = run("validate")
    assert alone.exit_code == 2
    assert f"no edtfeed.toml in {outside}: run `edtfeed init`" in alone.output


def test_a_command_run_from_the_sites_docs_folder_finds_the_config_beside_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy_sample_show(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / "docs").mkdir()
    monkeypatch.chdir(tmp_path / "docs")
    monkeypatch.delenv("EDTFEED_CONFIG", raising=False)
    result = run("publish", "--offline")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "feeds/en/feed.xml").is_file()  # the config's own output folder, not docs/feeds


@pytest.mark.parametrize(("table", "key", "value"), [
    ("[show]", "title", "…"), ("[show]", "description", "TBD"),
    ("[show.languages.es]", "title", "Title"), ("[show.languages.es]", "description", "Summary"),
    ("[show.languages.es]", "title", ""),
])
@pytest.mark.parametrize("command", ["publish", "validate"])
def test_a_placeholder_title_or_description_is_an_error_naming_the_key(
        tmp_path: Path, table: str, key: str, value: str, command: str) -> None:
    config = copy_sample_show(tmp_path)
    text = config.read_text(encoding="utf-8")
    start = text.index(f"{table}\n")
    line = next(ln for ln in text[start:].splitlines() if ln.startswith(f"{key} = "))
    config.write_text(text[:start] + text[start:].replace(line, f'{key} = "{value}"', 1), encoding="utf-8")
    result = run(command, "--offline" if command == "publish" else "--strict", config=config)
    assert result.exit_code == 2, result.output
    place = f"{table.strip('[]')}.{key}"
    assert f"[{place}] {value!r} is empty or a placeholder, not text to publish" in result.output
    assert not (tmp_path / "feeds").exists()


def test_the_record_bound_is_configurable_and_its_message_names_the_setting(tmp_path: Path) -> None:
    config = copy_sample_show(tmp_path)
    config.write_text(config.read_text(encoding="utf-8").replace(
        "[episodes]\n", "[episodes]\nmax_record_mib = 1\n", 1), encoding="utf-8")
    record = tmp_path / "episodes/edt-9/en/episode.md"  # a new episode: dropping a published one is refused
    record.parent.mkdir(parents=True)
    text = (tmp_path / "episodes/edt-1/en/episode.md").read_text(encoding="utf-8")
    record.write_text(text + "\n" + "pasted words " * 90_000, encoding="utf-8")
    result = run("publish", "--offline", config=config)
    assert result.exit_code == 1, result.output
    assert "edt-9/en/episode.md: error: the file has 1,1" in result.output
    assert "raise `max_record_mib` under [episodes] in edtfeed.toml (now 1)" in result.output


@pytest.mark.usefixtures("virtual_waits")  # the client's backoff between attempts costs no real time
def test_a_host_refusing_connections_is_named_with_its_key_and_the_ids_and_nothing_is_written(
        tmp_path: Path) -> None:
    config = copy_sample_show(tmp_path)
    lock = tmp_path / "edtfeed.lock"
    lock.unlink()  # nothing pinned: every id needs the feed
    with socket.socket() as probe:  # a loopback port nobody listens on: the connection is refused
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}/feeds/the-show"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("https://feeds.transistor.fm/edtfeed-sample", url), encoding="utf-8")
    (tmp_path / "feeds/en").mkdir(parents=True)
    (tmp_path / "feeds/en/feed.xml").write_bytes(b"<rss>the last good feed</rss>")
    result = CliRunner().invoke(main, ["--config", str(config), "publish"], catch_exceptions=False)
    assert result.exit_code == 1
    assert (f"error: 3 embed ids (0f1e2d3c, a1b2c3d4, c0ffee42) not resolved: {url}: connection "
            "failed (gave up after 4 attempts); check `feed_url` under [transistor] in the config in 8 records (") \
        in result.stderr
    assert "nothing of this show was written" in result.stderr
    assert sorted(p.relative_to(tmp_path).as_posix() for p in (tmp_path / "feeds").rglob("*")) == [
        "feeds/en", "feeds/en/feed.xml"]  # no page, no stylesheet, no other feed
    assert (tmp_path / "feeds/en/feed.xml").read_bytes() == b"<rss>the last good feed</rss>"
    assert not lock.exists()


def test_one_of_several_shows_names_its_own_table(tmp_path: Path) -> None:
    from edtfeed.config import load_shows

    config = tmp_path / "edtfeed.toml"
    config.write_text(
        '[show]\nauthor = "A"\nemail = "a@example.org"\nimage = "https://e.org/c.jpg"\nlink = "https://e.org"\n'
        'categories = ["Technology"]\n[shows.briefs]\ntitle = "B"\ndescription = "D"\n'
        'base_url = "https://e.org/feeds"\n', encoding="utf-8")
    assert load_shows(config, None)["briefs"].key_place("transistor", "feed_url") == \
        "`feed_url` under [shows.briefs.transistor]"

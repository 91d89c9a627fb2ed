"""Messages a person can act on: one root cause one line, repeated warnings grouped, annotations, json, --lang."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from edtfeed.cli import main
from edtfeed.diagnostics import Diagnostic
from edtfeed.diagnostics import group
from tests.fake_transistor import FakeTransistor
from tests.sample_show import copy_sample_show


def run(config: Path, *args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, ["--config", str(config), *args], env=env, catch_exceptions=False)


def with_feed_url(config: Path, url: str) -> Path:
    text = re.sub(r'feed_url = "[^"]*"', f'feed_url = "{url}"', config.read_text(encoding="utf-8"))
    config.write_text(text, encoding="utf-8")
    return config


def test_a_feed_url_that_fails_is_one_error_with_the_number_of_ids_it_affected(tmp_path: Path) -> None:
    config = copy_sample_show(tmp_path)
    (tmp_path / "edtfeed.lock").unlink()  # a first run: nothing pinned yet
    with FakeTransistor([]) as fake:
        url = f"{fake.base}/no/such/feed"
        result = run(with_feed_url(config, url), "publish")
        verbose = run(config, "publish", "--verbose", "--no-cache")
    assert result.exit_code == 1
    # Everything said on stderr: the one fetch, that nothing was written, then one error; no line per id.
    fetching, nothing, problem = result.stderr.splitlines()
    assert fetching == f"fetching the show's feed {url}"
    assert nothing.startswith("nothing of this show was written")
    assert problem.startswith("error: 3 embed ids (0f1e2d3c, a1b2c3d4, c0ffee42) not resolved: ")
    assert "(HTTP 404); check `feed_url` under [transistor] in the config" in problem
    # An error names every record it kept from publishing: none is hidden behind --verbose.
    assert problem.endswith(" in 8 records (edt-1/ar/episode.md, edt-1/en/episode.md, edt-1/es/episode.md, "
                            "edt-2/ar/episode.md, edt-2/en/episode.md, edt-2/es/episode.md, edt-3/en/episode.md, "
                            "edt-3/es/episode.md)")
    assert "8 errors, 0 warnings, 0 infos" in result.stdout  # the total still counts every record
    assert sum("HTTP 404" in line for line in verbose.stderr.splitlines()) == 8


def test_published_items_kept_because_their_audio_did_not_resolve_say_so(tmp_path: Path) -> None:
    config = copy_sample_show(tmp_path)
    assert run(config, "publish", "--offline").exit_code == 0  # every item in the ledger
    lock = tmp_path / "edtfeed.lock"
    data = json.loads(lock.read_text(encoding="utf-8"))
    data["audio"] = {}  # pins lost
    lock.write_text(json.dumps(data), encoding="utf-8")
    with FakeTransistor([]) as fake:  # the ids must resolve again, and the host answers but lists none of them
        result = run(with_feed_url(config, fake.feed_url), "publish", "--verbose")
    kept = [line for line in result.stderr.splitlines() if "kept unchanged" in line]
    assert len(kept) == 8, result.stderr
    assert all("because its audio (embed id " in line and "did not resolve" in line for line in kept)
    assert "no record produces it" not in result.stderr


def test_a_feed_that_cannot_be_fetched_leaves_the_published_feeds_as_they_were(tmp_path: Path) -> None:
    config = copy_sample_show(tmp_path)
    assert run(config, "publish", "--offline").exit_code == 0
    before = {p: p.read_bytes() for p in (tmp_path / "feeds").rglob("*") if p.is_file()}
    lock = tmp_path / "edtfeed.lock"
    data = json.loads(lock.read_text(encoding="utf-8"))
    data["audio"] = {}  # pins lost: the ids must resolve again, from a feed that is not there
    lock.write_text(json.dumps(data), encoding="utf-8")
    pins_lost = lock.read_bytes()
    with FakeTransistor([]) as fake:
        result = run(with_feed_url(config, f"{fake.base}/no/such/feed"), "publish")
    assert result.exit_code == 1
    assert "nothing of this show was written" in result.stderr
    assert {p: p.read_bytes() for p in (tmp_path / "feeds").rglob("*") if p.is_file()} == before
    assert lock.read_bytes() == pins_lost


def test_the_same_warning_for_many_records_is_one_line_with_a_count_and_the_first_paths() -> None:
    problems = [Diagnostic(f"edt-{n}/en/episode.md", 3, f"episode image 'img{n}.png' is relative; set [episodes] "
                        "image_url to publish it", "warning") for n in range(1, 6)]
    problems.append(Diagnostic("edt-9/en/episode.md", 2, "title is empty", "error"))
    messages = group(problems)
    assert [m.text for m in messages] == [
        "edt-9/en/episode.md:2: error: title is empty",
        "warning: episode image 'img1.png' is relative; set [episodes] image_url to publish it (5 files: "
        "edt-1/en/episode.md, edt-2/en/episode.md, edt-3/en/episode.md and 2 more; --verbose lists all)",
    ]
    assert len(messages[1].diagnostics) == 5


def test_problems_are_workflow_annotations_on_github_actions(tmp_path: Path) -> None:
    config = copy_sample_show(tmp_path)
    assert run(config, "publish", "--offline").exit_code == 0
    record = tmp_path / "episodes/edt-1/en/episode.md"
    record.write_text(record.read_text(encoding="utf-8").replace("---\n", "---\ntitle: [broken\n", 1),
                      encoding="utf-8")
    plain = run(config, "publish", "--offline")
    assert "::error" not in plain.output
    result = run(config, "publish", "--offline", "--no-cache", env={"GITHUB_ACTIONS": "true"})
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert annotations[0].startswith(f"::warning file={record}::published item 'episode-SAMPLE1-en' kept unchanged")
    assert annotations[1].startswith(f"::error file={record},line=3::invalid YAML in the front matter")
    assert len(annotations) == 2


def test_publish_format_json_gives_the_whole_result(tmp_path: Path) -> None:
    config = copy_sample_show(tmp_path)
    result = run(config, "publish", "--offline", "--format", "json")
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert payload["counts"] == {"error": 0, "info": 0, "warning": 0} and payload["diagnostics"] == []
    assert {lang: data["items"] for lang, data in payload["languages"].items()} == {"ar": 2, "en": 3, "es": 3}
    assert any(path.endswith("en/feed.xml") for path in payload["languages"]["en"]["written"])


def test_lang_with_no_records_is_an_error(tmp_path: Path) -> None:
    config = copy_sample_show(tmp_path)
    result = CliRunner().invoke(main, ["--config", str(config), "publish", "--offline", "--lang", "ja"])
    assert result.exit_code == 2
    assert "--lang ja: no record is in that language" in result.output and "ar, en, es" in result.output


def test_a_placeholder_description_is_a_warning_and_not_published(tmp_path: Path) -> None:
    config = copy_sample_show(tmp_path)
    record = tmp_path / "episodes/edt-1/en/episode.md"
    text = record.read_text(encoding="utf-8")
    record.write_text(re.sub(r"\ndescription: .*\n", "\ndescription: Summary\n", text, count=1), encoding="utf-8")
    result = run(config, "publish", "--offline")
    assert result.exit_code == 0
    assert ("edt-1/en/episode.md: warning: `description: Summary` is a placeholder, not published" in result.stderr)
    feed = (tmp_path / "feeds/en/feed.xml").read_text(encoding="utf-8")
    assert "<p>Summary</p>" not in feed and "<description>Summary" not in feed


def test_a_language_that_borrows_the_default_shows_text_says_so_once(tmp_path: Path) -> None:
    config = copy_sample_show(tmp_path)
    text = config.read_text(encoding="utf-8")
    start = text.index("[show.languages.es]")
    config.write_text(text[:start] + text[text.index("[show.languages.ar]"):], encoding="utf-8")
    result = run(config, "publish", "--offline")
    assert result.exit_code == 0
    lines = [line for line in result.stderr.splitlines() if "uses the en show's" in line]
    assert lines == ["es/feed.xml: warning: uses the en show's title, description: set them in "
                     "[show.languages.es] in edtfeed.toml"]


def test_resolve_reports_a_failing_feed_url_once(tmp_path: Path) -> None:
    config = copy_sample_show(tmp_path)
    (tmp_path / "edtfeed.lock").unlink()
    with FakeTransistor([]) as fake:
        result = run(with_feed_url(config, f"{fake.base}/no/such/feed"), "resolve")
    assert result.exit_code == 1
    fetching, error = result.stderr.splitlines()
    assert fetching.startswith("fetching the show's feed ")
    assert error.startswith("error: 3 embed ids (0f1e2d3c, a1b2c3d4, c0ffee42) not resolved: ") and "HTTP 404" in error


def test_a_refresh_whose_feed_fails_says_so_once_for_every_pinned_id(tmp_path: Path) -> None:
    config = copy_sample_show(tmp_path)
    with FakeTransistor([]) as fake:
        url = f"{fake.base}/no/such/feed"
        result = run(with_feed_url(config, url), "publish", "--refresh")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == f"fetching the show's feed {url}" and len(result.stderr.splitlines()) == 2
    kept = [line for line in result.stderr.splitlines() if "kept the pinned metadata" in line]
    assert kept == [f"3 embed ids (0f1e2d3c, a1b2c3d4, c0ffee42) not resolved: {url}: no feed there (HTTP "
                    "404); check `feed_url` under [transistor] in the config; kept the pinned metadata"]


def test_resolve_problems_are_annotations_on_github_actions(tmp_path: Path) -> None:
    config = copy_sample_show(tmp_path)
    (tmp_path / "edtfeed.lock").unlink()
    with FakeTransistor([]) as fake:
        result = run(with_feed_url(config, f"{fake.base}/no/such/feed"), "resolve", env={"GITHUB_ACTIONS": "true"})
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert len(annotations) == 3 and all(line.startswith("::error::embed id ") for line in annotations)

"""publish with the build cache: same bytes as without it, no work when nothing changed, one feed per edit."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

import edtfeed.runner.language
import edtfeed.runner.show
from bench.generate import generate, record_path
from edtfeed.cli import main
from edtfeed.runner.cache import cache_path
from edtfeed.runner.replay import replay_config
from edtfeed.runner.publish import PublishOptions, PublishResult, publish
from edtfeed.config import Config, load_config
from tests.cli_env import cli_env

LANGUAGES = ("en", "es", "ar")
EPISODES = 5


@pytest.fixture
def config(tmp_path: Path) -> Config:
    generate(tmp_path, EPISODES, LANGUAGES)
    return load_config(tmp_path / "edtfeed.toml")


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run(config: Config, **options: object) -> PublishResult:
    result = publish(config, PublishOptions(offline=True, **options))  # type: ignore[arg-type]
    assert not result.errors
    return result


def written(result: PublishResult) -> list[str]:
    """Files written, as `<lang>/<path>`: feeds and their chapter/transcript files."""
    return sorted(_under_lang(path, lang.lang) for lang in result.languages.values() for path in lang.written)


def _under_lang(path: Path, lang: str) -> str:
    parts = path.parts
    start = len(parts) - 1 - parts[::-1].index(lang)
    return "/".join(parts[start:])


class Counter:
    """Wraps a pipeline function to count its calls."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, module: ModuleType, name: str) -> None:
        self.calls = 0
        real = getattr(module, name)

        def counted(*args: object, **kwargs: object) -> object:
            self.calls += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)


def test_cached_builds_equal_a_build_without_cache(config: Config, tmp_path: Path) -> None:
    run(config)
    run(config)
    record = record_path(config.root, 2, "es")
    record.write_text(record.read_text(encoding="utf-8").replace("## ", "## Edited ", 1), encoding="utf-8")
    run(config)
    plain = tmp_path / "plain"
    run(config, cache=False, out_dir=plain)
    assert tree(config.output_dir) == tree(plain)
    assert b"Edited" in (plain / "es" / "feed.xml").read_bytes()


def test_no_op_reads_and_renders_nothing(config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    first = run(config)
    reads = Counter(monkeypatch, edtfeed.runner.show, "read_records")
    renders = Counter(monkeypatch, edtfeed.runner.language, "render_feed")
    again = run(config)
    assert (reads.calls, renders.calls) == (0, 0)
    assert written(again) == []
    assert {lang: r.items for lang, r in again.languages.items()} == {lang: r.items for lang, r in first.languages.items()}
    assert all(any(path.name == "feed.xml" for path in r.unchanged) for r in again.languages.values())


def test_one_edit_renders_only_its_language(config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    run(config)
    record = record_path(config.root, 3, "ar")
    record.write_text(record.read_text(encoding="utf-8") + "\nMore notes.\n", encoding="utf-8")
    renders = Counter(monkeypatch, edtfeed.runner.language, "render_feed")
    files = written(run(config))
    assert "ar/feed.xml" in files  # with the episode's chapters file: its timing follows the text
    assert all(name.startswith("ar/") for name in files)
    assert renders.calls == 1


def test_languages_whose_inputs_did_not_change_are_not_built(config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    run(config)
    record = record_path(config.root, 2, "es")
    record.write_text(record.read_text(encoding="utf-8") + "\nMore notes.\n", encoding="utf-8")
    built: list[str] = []
    real = edtfeed.runner.language.language_episodes
    monkeypatch.setattr(edtfeed.runner.language, "language_episodes",
                        lambda records, *rest: built.extend({r.lang for r in records}) or real(records, *rest))
    run(config)
    assert built == ["es"]


def test_an_edit_that_moves_shared_chapter_times_rebuilds_the_translations(config: Config, tmp_path: Path) -> None:
    run(config)
    before = tree(config.output_dir)
    # More text before the second heading of the audio language's record moves the estimated chapter times that
    # its translations share (in the generated show, the Arabic record of episode 3 has as many chapters as the
    # English one; the Spanish one has one more, and its matched chapters share the times too).
    record = record_path(config.root, 3, "en")
    text = record.read_text(encoding="utf-8")
    second = text.index("\n## ", text.index("\n## ") + 1)
    record.write_text(text[:second] + "\n" + "More words before the next chapter. " * 300 + text[second:],
                      encoding="utf-8")
    files = written(run(config))
    assert {name.split("/")[0] for name in files} == {"en", "ar", "es"}
    assert "ar/chapters/episode-edt3-ar.json" in files and "es/chapters/episode-edt3-es.json" in files
    plain = tmp_path / "plain"
    run(config, cache=False, out_dir=plain)
    after = tree(config.output_dir)
    assert after == tree(plain)
    assert after["ar/chapters/episode-edt3-ar.json"] != before["ar/chapters/episode-edt3-ar.json"]


def test_touched_but_unchanged_records_render_nothing(config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    run(config)
    record = record_path(config.root, 1, "en")
    record.write_bytes(record.read_bytes())  # new mtime, same content (e.g. a git checkout)
    renders = Counter(monkeypatch, edtfeed.runner.language, "render_feed")
    assert written(run(config)) == []
    assert renders.calls == 0


def test_feed_edited_by_hand_is_restored(config: Config) -> None:
    run(config)
    feed = config.output_dir / "en" / "feed.xml"
    original = feed.read_bytes()
    feed.write_bytes(b"<rss/>")
    assert written(run(config)) == ["en/feed.xml"]
    assert feed.read_bytes() == original


def test_deleted_cache_and_dry_run(config: Config) -> None:
    run(config)
    shutil.rmtree(cache_path(config))
    assert written(run(config)) == []  # rebuilt everything, wrote nothing: the bytes were equal
    record = record_path(config.root, 1, "es")
    record.write_text(record.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    before = tree(cache_path(config))
    assert "es/feed.xml" in written(run(config, dry_run=True))
    assert tree(cache_path(config)) == before  # a dry run writes nothing, the cache included


def test_record_errors_are_reported_on_every_run(config: Config) -> None:
    broken = record_path(config.root, 4, "en")
    broken.write_text("---\ntitle: [unclosed\n---\nbody\n", encoding="utf-8")
    results = [publish(config, PublishOptions(offline=True)) for _ in range(2)]
    for result in results:
        assert [(p.file, p.severity) for p in result.errors] == [("edt-4/en/episode.md", "error")]
        assert result.languages["en"].items == EPISODES - 1


def test_cache_is_shared_however_the_config_is_named(
    config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(config)
    monkeypatch.chdir(config.root)
    relative = load_config(Path("edtfeed.toml"))
    assert relative.root != config.root
    reads = Counter(monkeypatch, edtfeed.runner.show, "read_records")
    assert written(run(relative)) == []
    assert reads.calls == 0


def test_records_read_in_worker_processes_give_the_same_feeds(config: Config, tmp_path: Path) -> None:
    broken = record_path(config.root, 4, "es")
    broken.write_text("---\ntitle: [unclosed\n---\nbody\n", encoding="utf-8")
    parallel = publish(config, PublishOptions(offline=True, jobs=2))  # the bench show is small: ask for workers
    serial = publish(config, PublishOptions(offline=True, cache=False, out_dir=tmp_path / "serial", jobs=1))
    assert tree(config.output_dir) == tree(tmp_path / "serial")
    assert parallel.problems == serial.problems and len(parallel.errors) == 1


def test_languages_built_in_worker_processes_give_the_same_feeds_and_cache(
    config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serial = run(config, cache=False, out_dir=tmp_path / "serial", jobs=1)
    parallel = run(config, jobs=2)  # the bench show is small: ask for workers
    assert tree(config.output_dir) == tree(tmp_path / "serial")
    assert parallel.problems == serial.problems and parallel.findings == serial.findings
    assert {lang: r.items for lang, r in parallel.languages.items()} == {lang: r.items for lang, r in serial.languages.items()}
    # The workers' output files reached the parent's cache index: an edit re-renders only its own language.
    record = record_path(config.root, 3, "ar")
    record.write_text(record.read_text(encoding="utf-8") + "\nMore notes.\n", encoding="utf-8")
    renders = Counter(monkeypatch, edtfeed.runner.language, "render_feed")
    assert all(name.startswith("ar/") for name in written(run(config)))
    assert renders.calls == 1


def test_a_run_that_changed_nothing_does_not_load_the_pipeline(config: Config) -> None:
    """The no-op replays from the cache alone: the markdown renderer, feedgen, lxml, the HTTP client, the rule
    table, and even the config's models and pydantic stay unloaded (they were most of a no-op run's time)."""
    first = CliRunner().invoke(main, ["--config", str(config.root / "edtfeed.toml"), "publish", "--offline"])
    assert first.exit_code == 0, first.output
    pipeline = ("edtfeed.runner.show", "edtfeed.runner.language", "edtfeed.episodes.episode", "edtfeed.validate.rules",
                "feedgen", "lxml", "comrak", "requests", "pydantic", "edtfeed.config.schema", "yaml", "babel")
    script = ("import atexit, sys\n"
              f"atexit.register(lambda: print('loaded:', [m for m in {pipeline!r} if m in sys.modules]))\n"
              "from edtfeed.cli import main\nmain()")
    env = cli_env()
    done = subprocess.run([sys.executable, "-c", script, "--config", str(config.root / "edtfeed.toml"), "publish",
                           "--offline"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "loaded: []" in done.stdout
    assert "0 written" in done.stdout


def test_another_output_dir_gets_every_file(config: Config, tmp_path: Path) -> None:
    """The files of a language built into one folder do not stand for the same language in another."""
    run(config)
    other = tmp_path / "other"
    result = run(config, out_dir=other)
    assert tree(other) == tree(config.output_dir)
    assert all(str(path).startswith(str(other)) for lang in result.languages.values() for path in lang.written)


def bump_mtime(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_the_command_line_replays_only_what_is_unchanged(config: Config, tmp_path: Path) -> None:
    """replay_config (no Config parsed) stands for a run only while the config's bytes, every record, the lock and
    every output are as the last run left them: their stats, or their bytes when only the times changed (a fresh
    checkout on a CI runner)."""
    config_file = config.root / "edtfeed.toml"
    options = PublishOptions(offline=True)

    def publish_cli(*extra: str) -> None:
        done = CliRunner().invoke(main, ["--config", str(config_file), "publish", "--offline", *extra])
        assert done.exit_code == 0, done.output

    assert replay_config(config_file, None, options) is None  # never published
    publish_cli()
    replayed = replay_config(config_file, None, options)
    assert replayed is not None and [place.name for place, _ in replayed] == [""]
    assert all(not lang.written for _, result in replayed for lang in result.languages.values())
    assert replay_config(config_file, None, PublishOptions(offline=True, out_dir=tmp_path / "elsewhere")) is None
    assert replay_config(config_file, None, PublishOptions(offline=True, cache=False)) is None
    for path in [*config.episodes_dir.rglob("*.md"), *config.output_dir.rglob("*.*")]:
        bump_mtime(path)
    assert replay_config(config_file, None, options) is not None
    changes = [
        lambda: record_path(config.root, 2, "es").write_text(  # a record's text
            record_path(config.root, 2, "es").read_text(encoding="utf-8") + "\nMore notes.\n", encoding="utf-8"),
        lambda: config_file.write_text(config_file.read_text(encoding="utf-8") + "\n# note\n", encoding="utf-8"),
        lambda: (config.episodes_dir / "README.md").write_text("Notes, not an episode.\n", encoding="utf-8"),
        lambda: (config.output_dir / "en" / "feed.xml").write_bytes(b"<rss/>"),  # an output edited by hand
        lambda: config.lock_path.write_text(config.lock_path.read_text(encoding="utf-8") + " ", encoding="utf-8"),
    ]
    for change in changes:
        change()
        assert replay_config(config_file, None, options) is None
        publish_cli()
        assert replay_config(config_file, None, options) is not None


def test_a_fresh_checkout_rebuilds_only_what_an_edit_changed(config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a CI runner every file is checked out anew (new mtimes, same bytes): an edit still re-renders only its
    own language, and the untouched languages keep their files."""
    run(config)
    for path in [*config.episodes_dir.rglob("*.md"), *config.output_dir.rglob("*.*")]:
        bump_mtime(path)
    record = record_path(config.root, 3, "ar")
    record.write_text(record.read_text(encoding="utf-8") + "\nMore notes.\n", encoding="utf-8")
    renders = Counter(monkeypatch, edtfeed.runner.language, "render_feed")
    files = written(run(config))
    assert "ar/feed.xml" in files and all(name.startswith("ar/") for name in files)
    assert renders.calls == 1

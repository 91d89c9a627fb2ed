"""The benchmark end to end at 200 records: correctness only (counts, requests, identical output), never times."""

from __future__ import annotations

from pathlib import Path

from bench.generate import ALL_LANGUAGES
from bench.run import SMOKE_SIZE, run_benchmark, table


def test_benchmark_runs_end_to_end(tmp_path: Path) -> None:
    [result] = run_benchmark([SMOKE_SIZE], ALL_LANGUAGES, keep=tmp_path)
    per_language = SMOKE_SIZE // len(ALL_LANGUAGES)
    assert result.failures == []
    assert result.items == {lang: per_language for lang in ALL_LANGUAGES}
    assert result.cache_diff == []
    runs = result.runs
    assert list(runs) == ["floor", "resolve", "cold", "no-op", "edit-one"]
    feeds = {f"{lang}/feed.xml" for lang in ALL_LANGUAGES}
    assert set(runs["floor"].written) == feeds
    assert feeds <= set(runs["cold"].written)  # and the chapters files beside them
    assert runs["resolve"].requests >= 1  # the empty lock was filled from the fake Transistor
    assert runs["cold"].requests == runs["no-op"].requests == runs["edit-one"].requests == 0
    assert runs["no-op"].written == ()
    edited = ALL_LANGUAGES[-1]  # the feed, and the edited episode's chapters file (its timing follows the text)
    assert f"{edited}/feed.xml" in runs["edit-one"].written
    assert all(name.startswith(f"{edited}/") for name in runs["edit-one"].written)
    assert all(run.peak_rss_mb > 0 and run.peak_pss_mb > 0 and run.seconds > 0 for run in runs.values())
    assert table([result]).count(f"| {SMOKE_SIZE} |") == len(runs)

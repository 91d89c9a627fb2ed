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
    assert len(runs["floor"].written) == len(runs["cold"].written) == len(ALL_LANGUAGES)
    assert runs["resolve"].requests >= 1  # the empty lock was filled from the fake Transistor
    assert runs["cold"].requests == runs["no-op"].requests == runs["edit-one"].requests == 0
    assert runs["no-op"].written == ()
    assert runs["edit-one"].written == (f"{ALL_LANGUAGES[-1]}/feed.xml",)
    assert all(run.peak_rss_mb > 0 and run.peak_pss_mb > 0 and run.seconds > 0 for run in runs.values())
    assert table([result]).count(f"| {SMOKE_SIZE} |") == len(runs)

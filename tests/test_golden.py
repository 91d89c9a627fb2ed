"""Whole-feed golden files for the sample show, and the committed feeds/ kept in sync with them."""

from __future__ import annotations

import difflib

from tests.sample_show import GOLDEN, REPO, build_sample, feed_files


def _diff(expected: bytes, actual: bytes, name: str) -> str:
    return "".join(difflib.unified_diff(expected.decode().splitlines(True), actual.decode().splitlines(True),
                                        f"golden/{name}", f"built/{name}"))


def test_sample_show_matches_golden_files(tmp_path):
    config, result = build_sample(tmp_path)
    assert result.errors == []
    built = feed_files(config.output_dir)
    golden = feed_files(GOLDEN)
    assert sorted(built) == sorted(golden), "run `python -m tests.regen_golden` after an intended change"
    for name, data in built.items():
        assert data == golden[name], _diff(golden[name], data, name)


def test_committed_feeds_match_golden_files():
    assert feed_files(REPO / "feeds") == feed_files(GOLDEN), "feeds/ is stale: run `python -m tests.regen_golden`"

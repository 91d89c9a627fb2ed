"""Where a build's CPU time goes, stage by stage, per 1,000 records: a cold build and a no-op, as a Markdown table.

    python -m bench.stages SHOW            # SHOW: a folder written by bench.generate (bench.run --keep leaves them)

It writes into SHOW/stages-out and moves earlier outputs and caches aside in SHOW (delete them when done).

The cold build runs serially (`--jobs 1`: one process, so every stage's CPU time is counted once) with an empty
cache and output folder; the no-op then runs in a fresh process, as the hourly job does. Each stage is the CPU
time (time.process_time) spent in the functions that make it, wrapped where the runner calls them; the rest of the
run is "other". A serial build spends more CPU time in all than the parallel one bench.run measures (no work is
shared through fork), and the stages are the same.
"""

from __future__ import annotations

import argparse
import functools
import inspect
import json
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from bench import REPO, SRC

# Stage -> (module, function names) wrapped where the runner calls them.
COLD_STAGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "read records (YAML, body, headings)": ("edtfeed.runner.show", ("read_records",)),
    "resolve audio (lock, no network)": ("edtfeed.runner.show", ("_resolve", "_host_transcripts")),
    "episodes: across records (chapter timing, slugs, spoken)": ("edtfeed.runner.show", ("episode_context",)),
    "episodes: per language (notes, chapters, people)": ("edtfeed.runner.language", ("language_episodes",)),
    "ledger (plan, published feed)": ("edtfeed.runner.language", ("read_published", "plan_feed")),
    "render feed (feedgen + our tags)": ("edtfeed.runner.language", ("render_feed",)),
    "render pages (the language's, one per episode)": ("edtfeed.runner.language", ("language_pages",)),
    "render sidecars (chapters JSON, transcripts)": ("edtfeed.runner.language", ("sidecar_files",)),
    "check feed (rule table)": ("edtfeed.runner.show", ("_check",)),
    "write files": ("edtfeed.runner.language", ("write",)),
    "build cache (keys, pickles)": ("edtfeed.runner.show", ("_remember", "BuildCache.close")),
    "lock, index page": ("edtfeed.runner.show", ("save_pins", "render_index")),
}
NOOP_STAGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "code stamp and config bytes": ("edtfeed.runner.replay", ("code_stamp",)),
    "list record files": ("edtfeed.runner.replay", ("record_file_names",)),
    "unpickle the last run": ("edtfeed.runner.replay", ("load_pickle",)),
    "stat records and outputs, hash the lock": ("edtfeed.runner.replay", ("LastRun.stored_result",)),
}


def _wrap(spent: dict[str, float], stage: str, function: Callable[..., Any]) -> Callable[..., Any]:
    if inspect.isgeneratorfunction(function):  # its work happens as it is iterated, between the caller's steps
        @functools.wraps(function)
        def timed_steps(*args: Any, **kwargs: Any) -> Iterator[Any]:
            steps = function(*args, **kwargs)
            while True:
                start = time.process_time()
                try:
                    item = next(steps)
                except StopIteration:
                    return
                finally:
                    spent[stage] += time.process_time() - start
                yield item
        return timed_steps

    @functools.wraps(function)
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[stage] += time.process_time() - start
    return timed


def _instrument(stages: dict[str, tuple[str, tuple[str, ...]]]) -> dict[str, float]:
    import importlib

    spent: dict[str, float] = defaultdict(float)
    for stage, (module_name, names) in stages.items():
        module = importlib.import_module(module_name)
        for name in names:
            owner, _, attribute = name.rpartition(".")  # "Class.method" wraps a method
            holder = getattr(module, owner) if owner else module
            setattr(holder, attribute, _wrap(spent, stage, getattr(holder, attribute)))
    return spent


def _in_process(kind: str, config: str, out: str) -> dict[str, float]:
    """One run in this (fresh) process: CPU seconds per stage, plus "start and imports" and "other"."""
    start = time.process_time()
    from edtfeed.cli import main

    if kind == "cold":
        import edtfeed.runner.show  # noqa: F401 - the pipeline, imported as a cold build does

    imported = time.process_time() - start
    spent = _instrument(COLD_STAGES if kind == "cold" else NOOP_STAGES)
    begun = time.process_time()
    args = ["--config", config, "publish", "--offline", "--out", out] + (["--jobs", "1"] if kind == "cold" else [])
    try:
        main(args, standalone_mode=False)
    except SystemExit:
        pass
    total = time.process_time() - begun
    return {"start and imports": imported, **spent, "other": total - sum(spent.values())}


def _run(kind: str, config: Path, out: Path) -> dict[str, float]:
    """`kind` in a fresh interpreter (imports counted), with the interpreter's own start added."""
    env_path = f"{SRC}:{REPO}"
    bare = subprocess.run([sys.executable, "-c", "import time; print(time.process_time())"], capture_output=True,
                          text=True, check=True)
    done = subprocess.run([sys.executable, "-m", "bench.stages", "--in-process", kind, str(config), str(out)],
                          capture_output=True, text=True, check=True, cwd=REPO, env={"PYTHONPATH": env_path, "PATH": ""})
    spent = json.loads(done.stdout.strip().splitlines()[-1])
    spent["start and imports"] += float(bare.stdout)
    return spent


def breakdown(show: Path) -> str:
    """The Markdown table of a cold build and a no-op of `show`, per 1,000 records."""
    records = sum(1 for _ in (show / "episodes").rglob("*.md"))
    config = show / "edtfeed.toml"
    # A new output folder each time, the last one moved aside, not deleted: creating thousands of files right
    # after deleting thousands costs ext4 far more (see bench.run.set_aside) than a real cold build pays.
    out = show / "stages-out"
    if out.exists():
        out.rename(show / f"stages-out-{time.time_ns()}")
    cache = show / ".edtfeed-cache"
    if cache.exists():
        cache.rename(show / f"stages-cache-{time.time_ns()}")
    cold = _run("cold", config, out)
    noop = _run("noop", config, out)
    per = 1000 / records
    rows = [f"| stage ({records:,} records, CPU seconds per 1,000 records) | cold | no-op |", "|---|---:|---:|"]
    for stage in [*cold, *(name for name in noop if name not in cold)]:
        rows.append(f"| {stage} | {cold.get(stage, 0) * per:.3f} | "
                    f"{noop[stage] * per:.3f} |" if stage in noop else f"| {stage} | {cold[stage] * per:.3f} | |")
    rows.append(f"| **total** | **{sum(cold.values()) * per:.3f}** | **{sum(noop.values()) * per:.3f}** |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.stages", description=__doc__.splitlines()[0])
    parser.add_argument("--in-process", nargs=3, metavar=("KIND", "CONFIG", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("show", type=Path, nargs="?", help="a folder written by bench.generate")
    args = parser.parse_args(argv)
    if args.in_process:
        kind, config, out = args.in_process
        print(json.dumps(_in_process(kind, config, out)))
        return
    if args.show is None:
        parser.error("SHOW is required")
    print(breakdown(args.show))


if __name__ == "__main__":
    main()

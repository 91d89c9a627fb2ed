"""A publish run that changed nothing, told from file stats alone and replayed before the pipeline is loaded.

Why: the scheduled workflow publishes every hour and most hours nothing changed. What that run pays is starting
Python, listing and stat-ing the record files and the outputs, and reading the lock and the config's bytes: it
imports neither pydantic nor the config model, the readers, the renderers nor the rule table (stdlib only here).

Two doors lead to the same stored run (`LastRun`, `run.pickle` in the show's cache folder, written by the cache):
- `publish()` holds a Config: it checks the cache's salt (edtfeed's code and the config), the run's fingerprint
  (every record file's name, size and mtime, the lock's bytes, the options) and that every output is untouched;
- the command line holds only the config file's name: `replay_config` keeps, beside the config file, what the
  config said last time (the shows' folders), keyed by the config file's bytes and a stamp of the installed code,
  and checks the same fingerprint and outputs for each show without parsing the config at all.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from edtfeed.read.files import record_file_names
from edtfeed.runner.results import PublishOptions, PublishResult

CACHE_DIR = ".edtfeed-cache"
RUN_FILE = "run.pickle"

Stat = tuple[int, int]  # (size, mtime in ns): what identifies a file's version without reading it


def file_stat(path: str | os.PathLike[str]) -> Stat | None:
    """A file's (size, mtime_ns), or None when it does not exist. Plain tuples: they unpickle fast."""
    try:
        stat = os.stat(path)
    except OSError:  # gone, or a symlink loop: the reader reports why
        return None
    return (stat.st_size, stat.st_mtime_ns)


def digest(*parts: str | bytes) -> str:
    """A stable hash of `parts` (length-prefixed, so ("ab", "c") and ("a", "bc") differ)."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


def stats_fingerprint(files: Iterable[tuple[str, str | os.PathLike[str]]], *extra: str | bytes) -> str:
    """Every (rel, path)'s name, size and mtime, plus `extra` (lock bytes, options): equal means nothing changed."""
    parts: list[str | bytes] = list(extra)
    for rel, path in files:
        parts.append(f"{rel}\0{file_stat(path)}")
    return digest(*parts)


def lock_bytes(lock_path: str | os.PathLike[str]) -> bytes:
    """The lock file as it is now (b"" when there is none yet): part of a run's fingerprint."""
    try:
        with open(lock_path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return b""


def inputs_fingerprint(files: Iterable[tuple[str, str | os.PathLike[str]]], out_dir: Path,
                       options: PublishOptions) -> str:
    """What a run reads, taken before it reads it: the record files' stats and the options that change what is
    built."""
    return stats_fingerprint(files, repr((options.languages, str(out_dir.absolute()), options.strict)))


def run_fingerprint(inputs: str, lock_path: str | os.PathLike[str]) -> str:
    """inputs_fingerprint with the lock as it is now: a run stores it after writing the lock, the next compares."""
    return digest(inputs, lock_bytes(lock_path))


@dataclass(frozen=True)
class LastRun:
    """The last run's result, stored for a next run made from the same inputs (the cache writes it)."""

    salt: str  # the cache's salt: edtfeed's code, the output libraries and the config
    fingerprint: str  # run_fingerprint
    outputs: list[tuple[str, Stat | None]]  # every file the run stands for, absolute, with its stat
    result: Any  # a PublishResult; None: the last run may not be replayed

    def stored_result(self, salt: str | None, fingerprint: str) -> Any | None:
        """The stored result when this run is the same (salt None: already checked) and no output was touched."""
        if (salt is not None and salt != self.salt) or fingerprint != self.fingerprint:
            return None
        if any(file_stat(path) != stat for path, stat in self.outputs):
            return None
        return self.result


def load_pickle(path: str | os.PathLike[str]) -> Any | None:
    """Unpickle a cache file; None when it is missing or unreadable (then it is simply rebuilt)."""
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001 - a truncated or foreign cache file is a miss, never an error
        return None


def dump_pickle(path: Path, value: Any) -> None:
    """Atomic replace without fsync: a cache file lost in a crash is only a miss next time."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def replayed(previous: PublishResult) -> PublishResult:
    """The last run's result for a run that changed nothing: same items, problems and findings; nothing written,
    fetched or announced."""
    for lang_result in previous.languages.values():
        lang_result.unchanged = lang_result.written + lang_result.unchanged
        lang_result.written = []
    previous.changes, previous.notified = [], []
    previous.stylesheet_written, previous.index_written, previous.lock_written = None, None, False
    return previous


# -- the command line's door: no Config ---------------------------------------------------------------------


@dataclass(frozen=True)
class ShowPlaces:
    """What the config said of one show, as absolute paths: all a replay needs to know of it."""

    name: str
    episodes_dir: Path
    exclude: tuple[str, ...]
    lock_path: Path
    output_dir: Path
    cache_dir: Path


def code_stamp() -> str:
    """edtfeed's own files and the installed libraries, from stats: any edit or `pip install` changes it.

    Cheaper than the cache's code fingerprint (which hashes the sources' bytes and asks every library's version)
    and stricter: a stat that changes with the same content only costs one full run.
    """
    package = Path(__file__).resolve().parent.parent
    parts: list[str] = [sys.version]
    for folder, dirnames, filenames in os.walk(package):
        dirnames[:] = sorted(name for name in dirnames if name != "__pycache__")
        parts += [f"{folder}/{name}\0{file_stat(os.path.join(folder, name))}" for name in sorted(filenames)]
    parts += [f"{entry}\0{file_stat(entry)}" for entry in sys.path if entry.endswith("-packages")]
    return digest(*parts)


def _config_stamp_file(config_file: Path) -> Path:
    config_file = config_file.absolute()
    return config_file.parent / CACHE_DIR / f"publish-{digest(str(config_file))[:16]}.pickle"


def _config_key(config_file: Path, show_name: str | None, options: PublishOptions) -> str | None:
    """What the shows' places were derived from: the config's bytes, which shows, the code; None: no config."""
    try:
        config_bytes = config_file.read_bytes()
    except OSError:
        return None
    out = str(options.out_dir.absolute()) if options.out_dir else ""
    return digest(config_bytes, str(config_file.absolute()), repr((show_name, out)), code_stamp())


def replay_config(config_file: Path, show_name: str | None,
                  options: PublishOptions) -> list[tuple[ShowPlaces, PublishResult]] | None:
    """Every show's last result when the config, the code, each show's record files, lock and outputs are all
    as the last run left them; None when anything differs (then the run is made as usual)."""
    if not (options.cache and options.replayable):
        return None
    stored = load_pickle(_config_stamp_file(config_file))
    if not isinstance(stored, tuple) or len(stored) != 2:
        return None
    key, places = stored
    if key != _config_key(config_file, show_name, options):
        return None
    results = []
    for show in places:
        last = load_pickle(show.cache_dir / RUN_FILE)
        if not isinstance(last, LastRun):
            return None
        out_dir = options.out_dir or show.output_dir
        try:
            files = record_file_names(show.episodes_dir, show.exclude)
        except OSError:
            return None
        result = last.stored_result(None, run_fingerprint(inputs_fingerprint(files, out_dir, options), show.lock_path))
        if not isinstance(result, PublishResult):
            return None
        results.append((show, replayed(result)))
    return results


def remember_config(config_file: Path, show_name: str | None, options: PublishOptions,
                    places: list[ShowPlaces]) -> None:
    """After a run of every show the config named: remember their places for replay_config."""
    if not (options.cache and options.replayable) or options.dry_run:
        return
    key = _config_key(config_file, show_name, options)
    if key is not None:
        dump_pickle(_config_stamp_file(config_file), (key, places))

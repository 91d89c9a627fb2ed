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
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from edtfeed.fsutil import read_bounded, replacing
from edtfeed.read.files import record_file_names
from edtfeed.runner.results import PublishOptions, PublishResult

CACHE_DIR = ".edtfeed-cache"
RUN_FILE = "run.pickle"

RECENT_NS = 2_000_000_000  # file system clocks tick coarsely: a folder changed this recently is listed again
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
        data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part  # a name's raw bytes
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


def templates_fingerprint(folder: Path | None) -> str:
    """The podcaster's page templates (`[output] templates`): every file's name, size and mtime, so an edited
    template is a change the cache and the replay see."""
    if folder is None:
        return ""
    parts: list[str | bytes] = []
    try:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            stat = path.stat()
            parts += [path.relative_to(folder).as_posix(), f"{stat.st_size}:{stat.st_mtime_ns}"]
    except OSError as exc:  # the build reports it when it reads them
        parts.append(f"unreadable: {exc}")
    return digest(*parts)


Seen = tuple[int, int, str]  # (size, mtime in ns, sha256 of the bytes or ""): a file's version, by stat if it can


def content_sha(path: str | os.PathLike[str], size: int) -> str | None:
    """The sha256 of a regular file of `size` bytes; None when it is anything else or cannot be read (read as
    untrusted: never a FIFO, never past `size`)."""
    try:
        return hashlib.sha256(read_bounded(path, size)).hexdigest()
    except OSError:
        return None


def seen(path: str | os.PathLike[str]) -> Seen | None:
    """The file's version now; None when it is gone or not a regular file."""
    stat = file_stat(path)
    sha = content_sha(path, stat[0]) if stat is not None else None
    return None if stat is None or sha is None else (*stat, sha)


def unchanged(path: str | os.PathLike[str], was: Seen) -> bool:
    """Whether the file still holds what it held when `was` was taken: the same stat, or, when only its time
    changed, the same bytes (a fresh checkout, as on every scheduled CI run, gives every file a new mtime)."""
    stat = file_stat(path)
    if stat is None:
        return False
    if stat == was[:2]:
        return True
    return stat[0] == was[0] and bool(was[2]) and content_sha(path, was[0]) == was[2]


def same_folders(root: str | os.PathLike[str], folders: dict[str, int]) -> bool:
    """Whether every folder the last run listed under `root` has its mtime still (a file added, removed or renamed
    in a folder changes it): one stat per folder instead of listing it."""
    base = os.fspath(root)
    for rel, mtime in folders.items():
        try:
            if os.stat(os.path.join(base, rel)).st_mtime_ns != mtime:
                return False
        except OSError:
            return False
    return bool(folders)


def lock_sha(lock_path: str | os.PathLike[str]) -> str | None:
    """The sha256 of the lock as it is now (of b"" when there is none yet); None when it is not a regular file
    (the build then says why)."""
    stat = file_stat(lock_path)
    return hashlib.sha256(b"").hexdigest() if stat is None else content_sha(lock_path, stat[0])


def options_key(out_dir: Path, options: PublishOptions) -> str:
    """The options that change what a run builds."""
    return repr((options.languages, str(out_dir.absolute()), options.strict))


@dataclass(frozen=True)
class RunInputs:
    """What a run reads, taken before it reads it: the options that change what is built and every record file's
    stat (a file edited while the run reads it is then seen as changed by the next run)."""

    options: str  # options_key
    records: dict[str, Stat | None]  # rel -> stat
    folders: dict[str, int]  # every folder listed -> its mtime before it was listed (read.files.record_file_names)

    @classmethod
    def taken(cls, files: Iterable[tuple[str, str | os.PathLike[str]]], out_dir: Path, options: PublishOptions,
              folders: dict[str, int]) -> RunInputs:
        # A folder changed in the last seconds may change again within its clock's tick, unseen: listed again.
        recent = time.time_ns() - RECENT_NS
        return cls(options_key(out_dir, options), {rel: file_stat(path) for rel, path in files},
                   {rel: mtime if mtime < recent else -1 for rel, mtime in folders.items()})


@dataclass(frozen=True)
class LastRun:
    """The last run's result, stored for a next run made from the same inputs (the cache writes it)."""

    salt: str  # the cache's salt: edtfeed's code, the output libraries and the config
    options: str  # options_key
    lock: str  # the sha256 of the lock's bytes as the run left it
    records: dict[str, Seen]  # every record file the run read
    folders: dict[str, int]  # RunInputs.folders: while none changed, the same record files are there
    outputs: dict[str, Seen]  # every file the run stands for, absolute
    result: Any  # a PublishResult; None: the last run may not be replayed

    def stored_result(self, salt: str | None, files: list[tuple[str, str | os.PathLike[str]]], options: str,
                      lock_path: str | os.PathLike[str]) -> Any | None:
        """The stored result when this run would be the same run (salt None: already checked): the same options,
        lock and record files, and no output changed since."""
        if self.result is None or (salt is not None and salt != self.salt) or options != self.options:
            return None
        if lock_sha(lock_path) != self.lock or len(files) != len(self.records):
            return None
        for rel, path in files:
            was = self.records.get(rel)
            if was is None or not unchanged(path, was):
                return None
        if any(not unchanged(path, was) for path, was in self.outputs.items()):
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
    with replacing(path, durable=False) as fd, os.fdopen(fd, "wb", closefd=False) as handle:
        pickle.dump(value, handle, pickle.HIGHEST_PROTOCOL)


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
    root: Path  # the config file's folder
    config_file: str  # its name, as messages say it
    episodes_dir: Path
    exclude: tuple[str, ...]
    lock_path: Path
    output_dir: Path
    cache_dir: Path
    templates_dir: Path | None  # [output] templates
    templates: str  # their templates_fingerprint when the run began


def code_stamp() -> str:
    """edtfeed's own files (their bytes) and the installed distributions (their names and versions, as the
    site-packages folders list them): another edtfeed or another library version changes it, a reinstall of the
    same ones (a CI runner each hour) does not.

    Cheaper than the cache's code fingerprint, which asks every library's version through importlib.metadata.
    """
    package = Path(__file__).resolve().parent.parent
    parts: list[str | bytes] = [sys.version]
    for folder, dirnames, filenames in os.walk(package):
        dirnames[:] = sorted(name for name in dirnames if name != "__pycache__")
        for name in sorted(filenames):
            with open(os.path.join(folder, name), "rb") as handle:
                parts += [os.path.relpath(os.path.join(folder, name), package), handle.read()]
    for entry in sys.path:
        if entry.endswith("-packages") and os.path.isdir(entry):
            parts += sorted(name for name in os.listdir(entry) if name.endswith(".dist-info"))
    return digest(*parts)


def _config_stamp_file(config_file: Path) -> Path:
    config_file = config_file.absolute()
    return config_file.parent / CACHE_DIR / f"publish-{digest(str(config_file))[:16]}.pickle"


def config_key(config_file: Path, show_name: str | None, options: PublishOptions) -> str | None:
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
    if key is None or key != config_key(config_file, show_name, options):
        return None
    results = []
    for show in places:
        last = load_pickle(show.cache_dir / RUN_FILE)
        if not isinstance(last, LastRun) or templates_fingerprint(show.templates_dir) != show.templates:
            return None
        out_dir = options.out_dir or show.output_dir
        if same_folders(show.episodes_dir, last.folders):  # no file added, removed or renamed: not listed again
            files = [(rel, os.path.join(show.episodes_dir, rel)) for rel in last.records]
        else:
            files = record_file_names(show.episodes_dir, show.exclude)
        result = last.stored_result(None, files, options_key(out_dir, options), show.lock_path)
        if not isinstance(result, PublishResult):
            return None
        results.append((show, replayed(result)))
    return results


def remember_config(config_file: Path, key: str | None, options: PublishOptions, places: list[ShowPlaces]) -> None:
    """After a run of every show the config named: remember their places for replay_config. `key`: config_key as
    the run began (a config edited meanwhile is then a change for the next run)."""
    if not (options.cache and options.replayable) or options.dry_run or key is None:
        return
    try:
        dump_pickle(_config_stamp_file(config_file), (key, places))
    except OSError:  # a cache folder the file system refuses was said by the build cache: only a miss next time
        pass

"""The build cache: what the last run parsed and rendered, so an unchanged show costs a directory scan.

Why: the scheduled workflow publishes every hour, and most hours nothing changed. Without a cache every run
re-parses every record, re-renders every body and every feed; at 10,000 records that is seconds of work.

What is kept, in `.edtfeed-cache/` beside the lock (deleting the folder is always safe):

- `index.pickle`: per record file its size, mtime and content hash; per language the key of what its files were
  built from (the canonical form of edtfeed.runner.show.LanguageInputs: every record's content hash, audio
  metadata, chapter timing and slug, its ledger), the files
  with their size and mtime, and what the build reported (problems, feed rule findings). A language whose key
  is unchanged and whose files are untouched is not built at all.
- `run.pickle`: the last run's fingerprint (every input file's size and mtime, the lock, the options), its
  outputs' stats and its result (runner/replay.py): a run with the same fingerprint whose outputs are untouched
  does no work at all, and reads nothing else of the cache.
- `publish-<hash>.pickle`, beside the config file: what the config said of its shows' folders, so that the
  command line can replay an unchanged run without parsing the config (runner/replay.py).
- `records-<lang>.pickle`: what reading each file gave (the Record and its warnings, or its error). A file whose
  size and mtime match is not even read; one whose content hash matches is not re-parsed.
One file per language, not one row per record: a cold build writes the cache in a few large sequential writes
(the profile of a per-row SQLite cache showed a third of the cold build spent in inserts), and a one-record
edit rewrites one language's file. Rendered episodes are not kept: a language that must be rebuilt renders all its
episodes again, which costs less than pickling every rendering on each cold build and holding it in memory. The whole cache is tied to a fingerprint of edtfeed's own code, the versions
of the libraries that shape its output, and the config: any change there starts an empty cache, so output is
byte-identical with and without it. Anything unreadable is a miss, never an error. Pickle is used because the
cache holds our own models and is written and read only by this program, in the show's own folder.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import importlib.metadata
import json
import os
import pickle
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from edtfeed.config import Config, TransistorConfig
from edtfeed.diagnostics import printable
from edtfeed.errors import RecordError, TextOnly
from edtfeed.read.files import MAX_RECORD_BYTES, read_record_bytes
from edtfeed.read.types import Record
from edtfeed.read.records import Read, Warnings
from edtfeed.runner.replay import (CACHE_DIR, RUN_FILE, LastRun, RunInputs, Seen, Stat, content_sha, digest,
                                   dump_pickle, file_stat, lock_sha, seen, templates_fingerprint,
                                   unchanged)
from edtfeed.runner.workers import fork_map, worker_count

DEFAULT_LOCK = TransistorConfig().lock
INDEX_FILE = "index.pickle"
SCHEMA = 4
PARALLEL_MIN_FILES = 500  # below this forking workers costs more than it saves
CHUNKS_PER_WORKER = 4  # each chunk is one forked process: few enough that forking is cheap, enough to even out
ERRORS_BUCKET = "_errors"  # records that could not be read have no language
# Third-party code whose version changes bytes we cache (parsing, markdown, XML, pages); our own code is hashed.
OUTPUT_LIBRARIES = ("feedgen", "lxml", "pydantic", "PyYAML", "python-frontmatter", "comrak", "Babel", "nh3", "Jinja2")

Outcome = tuple[str, Any]  # ("ok", (Record, warnings)), ("error", (message, line)) or ("text-only", (message, line))


def cache_path(config: Config) -> Path:
    """The cache folder of a show: next to its lock file; a lock of another name (one of several shows beside each
    other) has its own folder inside it, so shows never share a cache."""
    folder = config.lock_path.parent / CACHE_DIR
    return folder if config.lock_path.name == DEFAULT_LOCK else folder / config.lock_path.stem


def canonical(value: Any) -> bytes:
    """`value` as canonical JSON: dataclasses and pydantic models field by field in declared order (so equal
    values give equal bytes), sets sorted.

    Why: a cache key made of whole input objects cannot forget a field that a later change adds to them.
    """
    return json.dumps(value, default=_plain, ensure_ascii=False, separators=(",", ":")).encode()


@functools.cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(kind))


def _plain(value: Any) -> Any:
    """What json.dumps cannot write itself, as something it can (it calls this again on what is returned)."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [type(value).__name__, *(getattr(value, name) for name in _field_names(type(value)))]
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"the build cache cannot key on a {type(value).__name__}: give it a canonical form in _plain")


def code_fingerprint() -> str:
    """edtfeed's source files and the versions of the libraries that shape its output."""
    package = Path(__file__).parent
    parts: list[str | bytes] = [str(SCHEMA)]
    for source in sorted([*package.rglob("*.py"), *package.glob("data/templates/*")]):
        parts += [source.relative_to(package).as_posix(), source.read_bytes()]
    for name in OUTPUT_LIBRARIES:
        try:
            parts.append(f"{name}=={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            parts.append(f"{name} missing")
    return digest(*parts)


@dataclass
class _Index:
    """The small part of the cache, loaded by every run."""

    salt: str
    files: dict[str, tuple[Stat, str, str]] = field(default_factory=dict)  # rel -> (stat, sha, bucket)
    outputs: dict[str, tuple[str, Seen | None]] = field(default_factory=dict)  # path -> (key, version)
    payloads: dict[str, tuple[list[str], Any]] = field(default_factory=dict)  # key -> (its outputs, what it reported)


class BuildCache:
    """One run's view of the cache. Use `BuildCache.open(config)`; `BuildCache.disabled()` caches nothing."""

    def __init__(self, folder: Path | None, salt: str, save: bool = True,
                 max_record_bytes: int = MAX_RECORD_BYTES) -> None:
        self._folder = folder
        self._salt = salt
        self._loaded: _Index | None = None  # read on first use: a replayed run never needs it
        self._run: LastRun | None = None  # this run's, written on close
        self._last_run: LastRun | None = None  # the last run's, as last_run found it
        self._max_record_bytes = max_record_bytes  # the config's bound: records are read and hashed within it
        self._save = save  # False for a dry run: use what is there, write nothing
        self._index_dirty = False
        self._buckets: dict[str, dict[str, Any]] = {}  # "records-es" -> loaded contents
        self._dirty: set[str] = set()
        self._hashes: dict[str, str] = {}  # rel -> content hash of the record files read in this run
        self._checked: set[str] = set()  # output paths this run checked or wrote
        self.warnings: list[str] = []  # what could not be read or written: a miss, said once per file

    @classmethod
    def open(cls, config: Config, save: bool = True) -> BuildCache:
        """The show's cache; a missing, unreadable or foreign one (other code, config or place) starts empty."""
        # The show's place counts (records keep absolute paths), not how --config spelled it.
        salt = digest(code_fingerprint(), config.model_dump_json(exclude={"root"}), str(config.root.resolve()),
                      templates_fingerprint(config.templates_dir))
        return cls(cache_path(config), salt, save, config.max_record_bytes)

    @classmethod
    def disabled(cls) -> BuildCache:
        return cls(None, "", save=False)

    @property
    def _index(self) -> _Index:
        if self._loaded is None:
            index = _load(self._folder / INDEX_FILE, self.warnings) if self._folder is not None else None
            self._loaded = index if isinstance(index, _Index) and index.salt == self._salt else _Index(self._salt)
        return self._loaded

    @property
    def enabled(self) -> bool:
        return self._folder is not None

    def release(self, lang: str) -> None:
        """A language's feed is done: write its records' cache file now and free it."""
        self._flush(f"records-{lang}")
        self._buckets.pop(f"records-{lang}", None)

    def close(self) -> None:
        """Write what this run learned (never raises for the file system: see _write)."""
        for name in sorted(self._dirty):
            self._flush(name)
        if self._index_dirty and self._save and self._folder is not None:
            self._write(INDEX_FILE, self._index)
            self._index_dirty = False
        if self._run is not None and self._save and self._folder is not None:
            self._write(RUN_FILE, self._run)
            self._run = None

    def _flush(self, name: str) -> None:
        if name in self._dirty and self._save and self._folder is not None:
            self._write(f"{name}.pickle", self._buckets[name])
        self._dirty.discard(name)

    def _write(self, name: str, value: Any) -> None:
        """Write one cache file; when the file system refuses (a folder left by `sudo edtfeed`, a full disk, a
        folder where the file belongs) say so once and write no more this run: the cache is only ever a miss."""
        assert self._folder is not None
        try:
            self._folder.mkdir(parents=True, exist_ok=True)
            dump_pickle(self._folder / name, value)
        except OSError as exc:
            self._save = False
            self.warnings.append(
                f"warning: the build cache cannot be written ({printable(str(exc.filename or self._folder / name))}: "
                f"{exc.strerror or exc}); this run's feeds are complete, the next run rebuilds what the cache would "
                f"have kept. Delete {printable(str(self._folder))} or give this user write access to it"
            )

    def _bucket(self, name: str) -> dict[str, Any]:
        if name not in self._buckets:
            loaded = _load(self._folder / f"{name}.pickle", self.warnings) if self._folder else None
            self._buckets[name] = loaded if isinstance(loaded, dict) else {}
        return self._buckets[name]

    def _changed(self, name: str) -> dict[str, Any]:
        self._dirty.add(name)
        self._index_dirty = True
        return self._bucket(name)

    # -- records -------------------------------------------------------------------------------------------

    def read(self, path: Path, rel: str, read: Read) -> tuple[Record, Warnings]:
        """`read(path)` memoised by the file's size + mtime, then content hash; a RecordError is replayed too.

        The bytes hashed are the bytes parsed (`read(path, data=...)`): a changed file is read once.
        """
        stat = file_stat(path)
        data = _content(path, self._max_record_bytes) if stat is not None else None
        if self._folder is None or data is None:
            return read(path)  # no cache, or a vanished file: let the reader read it, or report it
        entry = self._index.files.get(rel)
        sha = None
        if entry is not None:
            old_stat, old_sha, bucket = entry
            sha = old_sha if old_stat == stat else _sha(data)
            cached = self._bucket(f"records-{bucket}").get(rel) if sha == old_sha else None
            if cached is not None and cached[0] == sha:
                if old_stat != stat:  # touched, not changed: remember the new stat
                    self._index.files[rel] = (stat, sha, bucket)
                    self._index_dirty = True
                self._hashes[rel] = sha
                return _replay(cached[1])
        sha = sha or _sha(data)
        return _replay(self._store(rel, stat, sha, _attempt(functools.partial(read, data=data), path)))

    def prefetch(self, files: list[tuple[str, Path]], reader: Read, jobs: int | None = None) -> None:
        """Read the files the cache cannot answer in worker processes (see worker_count), before read_records asks.

        Reading is most of a cold build and each file is independent: with two CPUs this halves its time. The
        workers return what they read; this process stores it. Few misses: nothing to gain.
        """
        if self._folder is None:
            return
        misses = [(rel, path) for rel, path in files if not self._fresh(rel, path)]
        workers = worker_count(jobs, len(misses), PARALLEL_MIN_FILES)
        if not workers:
            return
        # Records are unpickled in this order, so their objects lie in memory in it. Files of one folder name
        # (`<episode>/<lang>/` layouts: one language) together keep each language's records on their own pages;
        # a worker that builds one language then copies only those on write, not the whole show's (see publish).
        misses.sort(key=lambda miss: (miss[1].parent.name, miss[0]))
        size = -(-len(misses) // (workers * CHUNKS_PER_WORKER))
        chunks = [misses[start : start + size] for start in range(0, len(misses), size)]
        chunked = functools.partial(_read_chunk, reader, self._max_record_bytes)
        for results in fork_map(chunked, chunks, workers, "reading records"):
            for rel, stat, sha, outcome in results:
                self._store(rel, stat, sha, outcome)

    def _fresh(self, rel: str, path: Path) -> bool:
        """Whether read() will answer `rel` from the cache: the same stat, or the same bytes under another mtime
        (a fresh checkout, as on every scheduled CI run), so a worker need not parse it again."""
        entry = self._index.files.get(rel)
        if entry is None or rel not in self._bucket(f"records-{entry[2]}"):
            return False
        stat = file_stat(path)
        return stat == entry[0] or (stat is not None and stat[0] == entry[0][0]
                                    and content_sha(path, stat[0]) == entry[1])

    def _store(self, rel: str, stat: Stat, sha: str, outcome: Outcome) -> Outcome:
        entry = self._index.files.get(rel)
        if entry is not None:
            self._changed(f"records-{entry[2]}").pop(rel, None)
        bucket = outcome[1][0].lang if outcome[0] == "ok" else ERRORS_BUCKET
        self._changed(f"records-{bucket}")[rel] = (sha, outcome)
        self._index.files[rel] = (stat, sha, bucket)
        self._hashes[rel] = sha
        return outcome

    # -- languages -----------------------------------------------------------------------------------------

    @property
    def remembers_builds(self) -> bool:
        """False when `built` cannot find anything (no cache, or an empty one): its keys need not be computed."""
        return bool(self._index.payloads)

    def key(self, inputs: Any) -> str:
        """The key of what `inputs` (frozen dataclasses, models, plain values) build to, with this cache's code and
        config: equal keys mean equal inputs."""
        return digest(self._index.salt, canonical(inputs))

    def content_hash(self, record: Record) -> str:
        """The hash of the record file's content as this run read it (its repr when not read through the cache)."""
        return self._hashes.get(record.rel) or repr(record)

    def built(self, key: str) -> tuple[list[Path], Any] | None:
        """The files remember_built stored with `key` and its payload, when every one of them is untouched since;
        else None."""
        stored = self._index.payloads.get(key) if self._folder is not None else None
        if stored is None:
            return None
        names, payload = stored
        for name in names:
            entry = self._index.outputs.get(name)
            if entry is None or entry[0] != key or entry[1] is None or not unchanged(name, entry[1]):
                return None
        self._checked.update(names)
        return [Path(name) for name in names], payload

    def remember_built(self, key: str, paths: list[Path], payload: Any) -> None:
        """Record that `paths` now hold what the inputs named by `key` build to, and `payload` what it reported."""
        names = [_key(path) for path in paths]
        self._checked.update(names)
        if self._folder is None:
            return
        for name in names:
            self._index.outputs[name] = (key, self._version(name))
        self._index.payloads[key] = (names, payload)
        self._index_dirty = True

    # -- whole runs ------------------------------------------------------------------------------------------

    def last_run(self, files: list[tuple[str, Path]], options: str, lock_path: Path) -> Any | None:
        """The result stored by the last run when this run is the same: same salt and options (replay.options_key),
        same lock and record files, its outputs unchanged (replay.LastRun.stored_result)."""
        last = _load(self._folder / RUN_FILE, self.warnings) if self._folder is not None else None
        if not isinstance(last, LastRun) or last.salt != self._salt:  # another edtfeed's, or another config's
            return None
        self._last_run = last  # what it knew of each output: remember_run need not hash it again
        return last.stored_result(self._salt, list(files), options, lock_path)

    def remember_run(self, inputs: RunInputs, lock_path: Path, outputs: Iterable[Path], result: Any) -> None:
        """Store this run's result for a next run made from the same inputs (None: forget the last one)."""
        if self._folder is None:
            return
        # A file not read through the cache (a folder's README.md, skipped) is known by its stat alone ("").
        records = {rel: (*stat, self._hashes.get(rel, "")) for rel, stat in inputs.records.items()
                   if stat is not None}
        if len(records) != len(inputs.records):  # a file gone meanwhile: the next run looks again
            result = None
        stamped = {}
        for path in outputs:
            name = _key(path)
            version = self._version(name)
            if version is None:
                result = None
            else:
                stamped[name] = version
        lock = lock_sha(lock_path)
        if lock is None:
            result = None
        self._run = LastRun(self._salt, inputs.options, lock or "", records, inputs.folders, stamped, result)

    def _version(self, name: str) -> Seen | None:
        """An output's version now: hashed again only when its stat is not one this cache or the last run knew
        (a file a worker just wrote; every file of a cold build)."""
        stat = file_stat(name)
        entry = self._index.outputs.get(name) if self._loaded is not None else None
        for was in (entry[1] if entry else None, self._last_run.outputs.get(name) if self._last_run else None):
            if was is not None and stat == was[:2]:
                return was
        return seen(name)

    def prune(self, rels: Iterable[str]) -> None:
        """After a run over the whole show: forget deleted record files and outputs no longer produced."""
        if self._folder is None:
            return
        keep = set(rels)
        for rel in [rel for rel in self._index.files if rel not in keep]:
            _, _, bucket = self._index.files.pop(rel)
            self._changed(f"records-{bucket}").pop(rel, None)
        for path in [path for path in self._index.outputs if path not in self._checked]:
            del self._index.outputs[path]
            self._index_dirty = True
        live = {key for key, _ in self._index.outputs.values()}
        for key in [key for key in self._index.payloads if key not in live]:
            del self._index.payloads[key]


def _key(path: Path) -> str:
    """An output path as the index names it: absolute, however the config or --out spelled it."""
    return os.path.abspath(path)


def _content(path: Path, limit: int) -> bytes | None:
    """A record file's bytes; None when it cannot be read (the reader then reports why)."""
    try:
        return read_record_bytes(path, limit)  # only regular files, never more than a record's limit
    except RecordError:
        return None


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_chunk(
    reader: Read, limit: int, chunk: list[tuple[str, Path]]
) -> list[tuple[str, Stat, str, Outcome]]:
    """A worker's share of BuildCache.prefetch: what reading each file gave, with the file's stat and hash."""
    results = []
    for rel, path in chunk:
        stat = file_stat(path)
        data = _content(path, limit) if stat is not None else None
        if data is not None:  # a file deleted meanwhile is left to read_records to report
            results.append((rel, stat, _sha(data), _attempt(functools.partial(reader, rel=rel, data=data), path)))
    return results


def _attempt(read: Read, path: Path) -> Outcome:
    """What reading gave, as data (see Outcome)."""
    try:
        return ("ok", read(path))
    except TextOnly as exc:
        return ("text-only", (exc.message, exc.line))
    except RecordError as exc:
        return ("error", (exc.message, exc.line))


def _replay(outcome: Outcome) -> tuple[Record, Warnings]:
    kind, value = outcome
    if kind != "ok":
        message, line = value
        raise (TextOnly if kind == "text-only" else RecordError)(message, line)
    return value


def _load(path: Path, warnings: list[str]) -> Any | None:
    """Unpickle a cache file; None when it is missing or unreadable (then it is simply rebuilt). The file system
    refusing it (permission, a folder in its place) is said in `warnings`; a truncated or foreign file is not."""
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except FileNotFoundError:
        return None
    except OSError as exc:
        warnings.append(f"warning: the build cache cannot be read ({printable(str(path))}: {exc.strerror or exc}); "
                        f"built without it. Delete {printable(str(path.parent))} or give this user access to it")
        return None
    except Exception:  # noqa: BLE001 - a truncated or foreign cache file is a miss, never an error
        return None

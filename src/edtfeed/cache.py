"""The build cache: what the last run parsed and rendered, so an unchanged show costs a directory scan.

Why: the scheduled workflow publishes every hour, and most hours nothing changed. Without a cache every run
re-parses every record, re-renders every body and every feed; at 10,000 records that is most of the cold build.

What is kept (SQLite in `.edtfeed-cache/` beside the lock; deleting the folder is always safe):

- per record file: its size, mtime and content hash, and what reading it gave (the Record and its warnings, or
  its error); a file whose size and mtime match is not even read, one whose content hash matches is not re-parsed;
- per episode: the rendered show notes and description, keyed by the record's content, its audio and the config;
- per output file: the key of what it was rendered from and its size and mtime, so an unchanged feed is neither
  re-rendered nor rewritten (and one edited or deleted by hand is rebuilt);
- the last run's fingerprint (every input file's size and mtime, the lock, the config, the options) and result,
  so a run with nothing changed does no work at all.

Every key includes a fingerprint of edtfeed's own code and of the libraries that shape the output, so a cache
written by another version never leaks into a build: the output is byte-identical with and without the cache.
A cache that cannot be read (corrupt, another schema) is discarded and rebuilt, never fatal.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import pickle
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from edtfeed.config import Config
from edtfeed.errors import RecordError

CACHE_DIR = ".edtfeed-cache"
DB_FILE = "build.sqlite3"
SCHEMA = 1
# Third-party code whose version changes bytes we cache (parsing, markdown, XML); edtfeed's own code is hashed.
OUTPUT_LIBRARIES = ("feedgen", "lxml", "pydantic", "PyYAML", "markdown-it-py")
T = TypeVar("T")

_TABLES = (
    "CREATE TABLE IF NOT EXISTS files (rel TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, sha TEXT, "
    "salt TEXT, value BLOB)",
    "CREATE TABLE IF NOT EXISTS memo (key TEXT PRIMARY KEY, value BLOB)",
    "CREATE TABLE IF NOT EXISTS outputs (path TEXT PRIMARY KEY, key TEXT, size INTEGER, mtime_ns INTEGER)",
    "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value BLOB)",
)


def cache_path(config: Config) -> Path:
    """The cache folder of a show: next to its lock file."""
    return config.lock_path.parent / CACHE_DIR


def digest(*parts: str | bytes) -> str:
    """A stable hash of `parts` (length-prefixed, so ("ab", "c") and ("a", "bc") differ)."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


def code_fingerprint() -> str:
    """edtfeed's source files and the versions of the libraries that shape its output."""
    package = Path(__file__).parent
    sources = sorted(package.rglob("*.py"))
    parts: list[str | bytes] = [str(SCHEMA)]
    for source in sources:
        parts += [source.relative_to(package).as_posix(), source.read_bytes()]
    for name in OUTPUT_LIBRARIES:
        try:
            parts.append(f"{name}=={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            parts.append(f"{name} missing")
    return digest(*parts)


@dataclass(frozen=True)
class Stat:
    """What identifies a file's version without reading it."""

    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path) -> Stat | None:
        try:
            stat = path.stat()
        except FileNotFoundError:
            return None
        return cls(stat.st_size, stat.st_mtime_ns)


class BuildCache:
    """One run's view of the cache. Use `BuildCache.open(config)`; `BuildCache.disabled()` caches nothing."""

    def __init__(self, db: sqlite3.Connection | None, salt: str) -> None:
        self._db = db
        self.salt = salt  # code + config fingerprint: part of every key

    @classmethod
    def open(cls, config: Config) -> BuildCache:
        """The show's cache; a missing, corrupt or foreign one starts empty."""
        salt = digest(code_fingerprint(), config.model_dump_json(), str(config.episodes_dir.absolute()))
        folder = cache_path(config)
        for attempt in range(2):
            try:
                folder.mkdir(exist_ok=True)
                db = sqlite3.connect(folder / DB_FILE, isolation_level=None)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                version = db.execute("PRAGMA user_version").fetchone()[0]
                if version not in (0, SCHEMA):
                    raise sqlite3.DatabaseError(f"cache schema {version}")
                for statement in _TABLES:
                    db.execute(statement)
                db.execute(f"PRAGMA user_version={SCHEMA}")
                db.execute("BEGIN")
                return cls(db, salt)
            except (sqlite3.Error, OSError):
                if attempt:
                    return cls.disabled()
                _remove(folder)  # unusable: start over once, else run without a cache
        raise AssertionError("unreachable")

    @classmethod
    def disabled(cls) -> BuildCache:
        return cls(None, "")

    @property
    def enabled(self) -> bool:
        return self._db is not None

    def close(self, save: bool = True) -> None:
        """Commit what this run learned (or drop it, e.g. for a dry run) and close."""
        if self._db is None:
            return
        try:
            self._db.execute("COMMIT" if save else "ROLLBACK")
        except sqlite3.Error:
            pass
        self._db.close()
        self._db = None

    # -- records -------------------------------------------------------------------------------------------

    def read(self, path: Path, rel: str, read: Callable[[Path], T]) -> T:
        """`read(path)` memoised by the file's size + mtime, then content hash; a RecordError is replayed too."""
        stat = Stat.of(path)
        if self._db is None or stat is None:
            return read(path)  # a vanished file: let the reader report it
        row = self._db.execute("SELECT size, mtime_ns, sha, salt, value FROM files WHERE rel = ?", (rel,)).fetchone()
        sha = None
        if row is not None and row[3] == self.salt:
            sha = row[2] if (row[0], row[1]) == (stat.size, stat.mtime_ns) else _file_sha(path)
            outcome = _loads(row[4]) if sha == row[2] else None
            if outcome is not None:
                if (row[0], row[1]) != (stat.size, stat.mtime_ns):  # touched, not changed: remember the new stat
                    self._db.execute("UPDATE files SET size = ?, mtime_ns = ? WHERE rel = ?",
                                     (stat.size, stat.mtime_ns, rel))
                return _replay(outcome)
        sha = sha or _file_sha(path)
        outcome = _attempt(read, path)
        self._db.execute(
            "INSERT OR REPLACE INTO files (rel, size, mtime_ns, sha, salt, value) VALUES (?, ?, ?, ?, ?, ?)",
            (rel, stat.size, stat.mtime_ns, sha, self.salt, pickle.dumps(outcome, pickle.HIGHEST_PROTOCOL)),
        )
        return _replay(outcome)

    def forget_files_except(self, rels: Iterable[str]) -> None:
        """Drop entries of record files that no longer exist, so the cache does not grow forever."""
        if self._db is None:
            return
        keep = set(rels)
        gone = [(rel,) for (rel,) in self._db.execute("SELECT rel FROM files") if rel not in keep]
        self._db.executemany("DELETE FROM files WHERE rel = ?", gone)

    # -- derived values --------------------------------------------------------------------------------------

    def memo(self, key: str, build: Callable[[], T]) -> T:
        """`build()` memoised under `key` (which must name everything the value depends on)."""
        if self._db is None:
            return build()
        key = digest(self.salt, key)
        row = self._db.execute("SELECT value FROM memo WHERE key = ?", (key,)).fetchone()
        if row is not None:
            value = _loads(row[0])
            if value is not None:
                return value[0]
        value = build()
        self._db.execute("INSERT OR REPLACE INTO memo (key, value) VALUES (?, ?)",
                         (key, pickle.dumps((value,), pickle.HIGHEST_PROTOCOL)))
        return value

    # -- output files ----------------------------------------------------------------------------------------

    def output_current(self, path: Path, key: str) -> bool:
        """True when `path` was last written from inputs with this key and nobody touched it since."""
        if self._db is None:
            return False
        row = self._db.execute("SELECT key, size, mtime_ns FROM outputs WHERE path = ?", (str(path),)).fetchone()
        stat = Stat.of(path)
        return row is not None and stat is not None and tuple(row) == (digest(self.salt, key), stat.size,
                                                                       stat.mtime_ns)

    def remember_output(self, path: Path, key: str) -> None:
        """Record that `path` now holds what `key` renders to."""
        stat = Stat.of(path)
        if self._db is None or stat is None:
            return
        self._db.execute("INSERT OR REPLACE INTO outputs (path, key, size, mtime_ns) VALUES (?, ?, ?, ?)",
                         (str(path), digest(self.salt, key), stat.size, stat.mtime_ns))

    # -- whole runs ------------------------------------------------------------------------------------------

    def last_run(self, fingerprint: str) -> Any | None:
        """The result stored by the last run if it had this fingerprint and its outputs are untouched."""
        if self._db is None:
            return None
        row = self._db.execute("SELECT value FROM meta WHERE name = 'run'").fetchone()
        stored = _loads(row[0]) if row else None
        if stored is None or stored[0] != digest(self.salt, fingerprint):
            return None
        _, outputs, result = stored
        if any(Stat.of(Path(path)) != stat for path, stat in outputs):
            return None
        return result

    def remember_run(self, fingerprint: str, outputs: Iterable[Path], result: Any) -> None:
        """Store this run's result for the next run with the same fingerprint (None: forget the last one)."""
        if self._db is None:
            return
        if result is None:
            self._db.execute("DELETE FROM meta WHERE name = 'run'")
            return
        stats = [(str(path), Stat.of(path)) for path in outputs]
        value = pickle.dumps((digest(self.salt, fingerprint), stats, result), pickle.HIGHEST_PROTOCOL)
        self._db.execute("INSERT OR REPLACE INTO meta (name, value) VALUES ('run', ?)", (value,))


def stats_fingerprint(paths: Iterable[Path], *extra: str | bytes) -> str:
    """Every path with its size and mtime, plus `extra` (lock bytes, options): equal means nothing changed."""
    parts: list[str | bytes] = list(extra)
    for path in paths:
        stat = Stat.of(path)
        parts.append(f"{path}\0{stat.size if stat else -1}\0{stat.mtime_ns if stat else -1}")
    return digest(*parts)


def _file_sha(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _loads(blob: bytes) -> Any | None:
    """Unpickle a cache value; None when it is unreadable (then it is simply rebuilt)."""
    try:
        return pickle.loads(blob)
    except Exception:  # noqa: BLE001 - any unreadable entry is a cache miss, never an error
        return None


def _attempt(read: Callable[[Path], T], path: Path) -> tuple[str, Any]:
    """What reading gave, as data: ("ok", value) or ("error", (message, line))."""
    try:
        return ("ok", read(path))
    except RecordError as exc:
        return ("error", (exc.message, exc.line))


def _replay(outcome: tuple[str, Any]) -> Any:
    kind, value = outcome
    if kind == "error":
        message, line = value
        raise RecordError(message, line)
    return value


def _remove(folder: Path) -> None:
    for name in os.listdir(folder) if folder.is_dir() else ():
        if name.startswith(DB_FILE):
            (folder / name).unlink(missing_ok=True)

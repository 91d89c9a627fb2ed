"""The host's timed transcripts: fetched once with the audio metadata, pinned beside the lock, read offline.

Transistor lists an episode's transcripts in its feed item (`<podcast:transcript url=… type="text/vtt"/>`, also
SRT or JSON). The one timed transcript a build aligns chapters to is fetched when the audio metadata is fetched
(a new embed id, or `--refresh`), checked (size, content type, a format edtfeed can read), and stored as fetched in
the transcripts folder beside the lock (`edtfeed.transcripts/<embed id>.<ext>`, written by the runner with the lock:
edtfeed.runner.resolve.save_pins), its URL and sha256 in the lock's `transcripts`. Files are named by embed id, not
by content: one file per episode that a refresh replaces in place, and the lock's sha256 ties the lock to the bytes.
Builds read only that folder: a warm lock makes no request and gives byte-identical feeds, `--offline` included.

A transcript that cannot be fetched or read costs only itself: a warning naming the embed id, the previously
pinned file (if any) stays pinned, and the episode's chapters fall back to their other timing sources.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from edtfeed.fsutil import FileRefused, read_bounded
from edtfeed.lock import AudioMeta, Lock, PinnedTranscript, TranscriptRef
from edtfeed.read.cues import TimedCue, TimedTranscriptError, parse_timed
from edtfeed.resolve.progress import FAILED, Progress
from edtfeed.http import FetchError, HttpClient, expect_ok

MAX_TRANSCRIPT_BYTES = 5 * 1024 * 1024  # a three-hour episode's VTT is well under 1 MB
# Feed transcript type -> format, in order of preference (VTT carries voices and is what Transistor always has).
TIMED_TYPES = {"text/vtt": "vtt", "application/x-subrip": "srt", "application/srt": "srt", "text/srt": "srt",
               "application/json": "json"}
# What a host may answer a transcript with; the body is then checked to be the format the feed said.
SERVED_TYPES = frozenset({"", "text/vtt", "text/plain", "application/x-subrip", "application/srt", "text/srt",
                          "application/json", "application/octet-stream", "binary/octet-stream"})


@dataclass
class TranscriptPins:
    """What pinning the transcripts of some embed ids produced: files to write beside the lock, changes, warnings."""

    files: dict[str, bytes] = field(default_factory=dict)  # file name -> bytes, to write with the lock
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (embed id, old, new)
    warnings: dict[str, str] = field(default_factory=dict)  # embed id -> why its transcript was not pinned


def timed_kind(mime: str) -> str | None:
    """The format of a transcript of MIME type `mime` when it is a timed one edtfeed reads, else None."""
    return TIMED_TYPES.get(mime.split(";")[0].strip().lower())


def timed_ref(refs: Iterable[TranscriptRef]) -> TranscriptRef | None:
    """The timed transcript to align to among the host's: VTT, else SRT, else JSON; None when there is none."""
    order = list(dict.fromkeys(TIMED_TYPES.values()))
    timed = [(order.index(kind), ref) for ref in refs if (kind := timed_kind(ref.type))]
    return min(timed, key=lambda pair: pair[0])[1] if timed else None


def fetch_transcript(client: HttpClient, ref: TranscriptRef) -> bytes:
    """The transcript's bytes, refused (FetchError naming the URL) unless small, served as text and readable."""
    kind = timed_kind(ref.type) or ""
    response = client.request("GET", ref.url, headers={"Accept": f"{ref.type}, text/plain;q=0.5"},
                              max_body=MAX_TRANSCRIPT_BYTES)
    expect_ok(response, ref.url, {404: "no transcript there (HTTP 404)"})
    served = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if served not in SERVED_TYPES:
        raise FetchError(f"{ref.url}: served as {served}, not a transcript")
    try:
        parse_timed(response.content, kind)
    except TimedTranscriptError as exc:
        raise FetchError(f"{ref.url}: {exc}") from None
    return response.content


def pin_transcripts(embed_ids: Iterable[str], lock: Lock, client: HttpClient) -> TranscriptPins:
    """Fetch and pin the timed transcript of each of `embed_ids` (ids whose audio metadata was just fetched)."""
    pins = TranscriptPins()
    refs = {}
    for embed_id in sorted(set(embed_ids)):
        meta, old = lock.audio.get(embed_id), lock.transcripts.get(embed_id)
        ref = timed_ref(meta.transcripts) if meta is not None else None
        if ref is not None:
            refs[embed_id] = ref
        elif old is not None:  # the host no longer lists one: the lock says what the host says
            del lock.transcripts[embed_id]
            pins.changes.append((embed_id, _shown(old), "(none)"))
    progress = Progress(len(refs), desc="fetching transcripts", done="fetched", unit="timed transcript")
    try:
        for embed_id, ref in refs.items():
            progress.step(embed_id, _pin(embed_id, ref, lock, client, pins))
    finally:
        progress.close()
    return pins


def _pin(embed_id: str, ref: TranscriptRef, lock: Lock, client: HttpClient, pins: TranscriptPins) -> str:
    """Fetch and pin one timed transcript into `pins`; the outcome, for the progress."""
    old = lock.transcripts.get(embed_id)
    try:
        body = fetch_transcript(client, ref)
    except FetchError as exc:
        kept = "kept the pinned one" if old is not None else "chapters use their other timing sources"
        pins.warnings[embed_id] = f"embed id {embed_id}: its timed transcript was not pinned ({exc}); {kept}"
        return FAILED
    pin = PinnedTranscript(url=ref.url, type=ref.type, file=f"{embed_id}.{timed_kind(ref.type)}",
                           sha256=hashlib.sha256(body).hexdigest())
    if old is not None and old != pin:
        pins.changes.append((embed_id, _shown(old), _shown(pin)))
    lock.transcripts[embed_id] = pin
    pins.files[pin.file] = body
    return "pinned"


def _shown(pin: PinnedTranscript) -> str:
    return f"{pin.url} (sha256 {pin.sha256[:12]})"


def pinned_cues(lock: Lock, folder: Path, audio: Mapping[str, AudioMeta],
                fresh: Mapping[str, bytes] | None = None) -> tuple[dict[str, tuple[TimedCue, ...]], dict[str, str]]:
    """The cues of every pinned transcript of `audio`'s ids, read from `folder` (or `fresh`, the files fetched this
    run and not written yet), and per embed id why a pinned one could not be used."""
    cues: dict[str, tuple[TimedCue, ...]] = {}
    problems: dict[str, str] = {}
    for embed_id in sorted(audio):
        pin = lock.transcripts.get(embed_id)
        if pin is None:
            continue
        where = folder / pin.file
        body = (fresh or {}).get(pin.file)
        if body is None:
            try:
                body = read_bounded(where, MAX_TRANSCRIPT_BYTES)
            except FileRefused as exc:
                problems[embed_id] = (f"embed id {embed_id}: its pinned transcript {where} cannot be used ({exc}); "
                                      "restore it from git or run with --refresh")
                continue
        if hashlib.sha256(body).hexdigest() != pin.sha256:
            problems[embed_id] = (f"embed id {embed_id}: its pinned transcript {where} is not the file that was "
                                  "fetched (sha256 differs); restore it from git or run with --refresh")
            continue
        try:
            cues[embed_id] = parse_timed(body, timed_kind(pin.type) or pin.type).cues
        except TimedTranscriptError as exc:
            problems[embed_id] = f"embed id {embed_id}: its pinned transcript {where} cannot be read ({exc})"
    return cues, problems

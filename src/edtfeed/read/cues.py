"""Timed transcripts as cues: WebVTT, SRT and the Podcasting 2.0 JSON transcript, read from untrusted bytes.

The host's transcripts are pinned beside the lock (resolve/transcripts.py) and read again at every build, so the
parser is the one boundary they cross: text only from UTF-8, times finite and inside 48 hours, a cue that cannot
be read is skipped and counted (one bad cue costs only itself), markup reduced to text. A body with no readable cue
is refused with the reason (TimedTranscriptError), never a crash.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from edtfeed.constants import MAX_EPISODE_SECONDS
from edtfeed.timecode import CAPTION_CLOCK, parse_clock

MAX_CUES = 100_000  # more is not a transcript of one episode
KINDS = ("vtt", "srt", "json")


class TimedTranscriptError(ValueError):
    """The body is not a timed transcript of the kind it claims (the message says why, safe to print)."""


@dataclass(frozen=True, slots=True)
class TimedCue:
    """One cue: from `start` to `end` seconds, its text, and who speaks when the format says."""

    start: float
    end: float
    text: str
    voice: str | None = None


@dataclass(frozen=True)
class TimedTranscript:
    cues: tuple[TimedCue, ...]
    skipped: int = 0  # cues that could not be read


def plain_cues(cues: Iterable[TimedCue]) -> list[tuple[float, float, str, str | None]]:
    """(start, end, text, speaker) of each cue: what the chapter aligner reads (episodes/align.py's Cue)."""
    return [(cue.start, cue.end, cue.text, cue.voice) for cue in cues]


_TIMING_RE = re.compile(rf"^\s*({CAPTION_CLOCK})\s*-->\s*({CAPTION_CLOCK})(?:\s.*)?$")
_VOICE_RE = re.compile(r"^\s*<v(?:\.[^\s>]*)?\s+([^>]{1,100})>")
_TAG_RE = re.compile(r"<[^>]{0,200}>")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BLOCK_SPLIT_RE = re.compile(r"\n[ \t]*\n")


def _text(raw: str) -> str:
    """Cue markup (`<c>`, `<i>`, timestamps) dropped, entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(_TAG_RE.sub(" ", _CONTROL_RE.sub("", raw))).split())


def _cue(start: float | None, end: float | None, text: str, voice: str | None) -> TimedCue | None:
    """A cue when its times are usable and it says something; an end before its start is taken as the start."""
    if start is None or end is None or not 0 <= start <= MAX_EPISODE_SECONDS or not text:
        return None
    return TimedCue(start, max(end, start), text, voice)


def _decode(body: bytes) -> str:
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TimedTranscriptError(f"not UTF-8 text (byte {exc.start} cannot be read)") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _timed_blocks(text: str, kind: str) -> tuple[list[TimedCue], int]:
    """VTT and SRT share their shape: blocks of an optional id, a timing line, then the cue's text lines."""
    cues: list[TimedCue] = []
    skipped = 0
    for block in _BLOCK_SPLIT_RE.split(text):
        lines = [line for line in block.split("\n") if line.strip()]
        if not lines or lines[0].startswith(("NOTE", "STYLE", "REGION", "WEBVTT")):
            continue
        timing = next((i for i, line in enumerate(lines[:2]) if "-->" in line), None)
        if timing is None or (match := _TIMING_RE.match(lines[timing])) is None:
            skipped += 1
            continue
        payload = "\n".join(lines[timing + 1:])
        voice = None
        if kind == "vtt" and (found := _VOICE_RE.match(payload)):
            voice = " ".join(found[1].split()) or None
        try:
            start, end = parse_clock(match[1]), parse_clock(match[2])
        except ValueError:  # minutes or seconds past 59
            skipped += 1
            continue
        cue = _cue(start, end, _text(payload), voice)
        if cue is None:
            skipped += 1
        else:
            cues.append(cue)
    return cues, skipped


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def _json_cues(text: str) -> tuple[list[TimedCue], int]:
    """`{"segments": [{"startTime": 1.5, "endTime": 3, "body": "…", "speaker": "…"}]}` (Podcasting 2.0)."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise TimedTranscriptError("not a JSON transcript (malformed JSON)") from None
    segments = data.get("segments") if isinstance(data, dict) else None
    if not isinstance(segments, list):
        raise TimedTranscriptError('not a JSON transcript (no "segments" list)')
    cues: list[TimedCue] = []
    skipped = 0
    for segment in segments:
        if not isinstance(segment, dict) or not isinstance(segment.get("body"), str):
            skipped += 1
            continue
        speaker = segment.get("speaker")
        voice = " ".join(_CONTROL_RE.sub("", speaker).split())[:100] or None if isinstance(speaker, str) else None
        cue = _cue(_number(segment.get("startTime")), _number(segment.get("endTime")), _text(segment["body"]), voice)
        if cue is None:
            skipped += 1
        else:
            cues.append(cue)
    return cues, skipped


def parse_timed(body: bytes, kind: str) -> TimedTranscript:
    """The cues of a `kind` ("vtt", "srt" or "json") transcript in start order; TimedTranscriptError when the body
    is not one (wrong format, not UTF-8, no readable cue, too many cues)."""
    text = _decode(body)
    if kind == "vtt":
        if not text.lstrip("\ufeff").startswith("WEBVTT"):
            raise TimedTranscriptError("not a WebVTT file (it does not start with WEBVTT)")
        cues, skipped = _timed_blocks(text, kind)
    elif kind == "srt":
        cues, skipped = _timed_blocks(text, kind)
    elif kind == "json":
        cues, skipped = _json_cues(text)
    else:
        raise TimedTranscriptError(f"{kind!r} is not a timed transcript format ({', '.join(KINDS)})")
    if not cues:
        raise TimedTranscriptError(f"no readable cue ({skipped} malformed)" if skipped else "no cue")
    if len(cues) > MAX_CUES:
        raise TimedTranscriptError(f"{len(cues)} cues, over the {MAX_CUES:,} a transcript of one episode can have")
    return TimedTranscript(tuple(sorted(cues, key=lambda cue: cue.start)), skipped)

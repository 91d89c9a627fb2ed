"""The caption renditions of a timed transcript block: WebVTT (with `<v Speaker>` voices, from which Apple names
speakers) and SRT, both written from the episode's one list of timed cues, so they always agree.

Stable bytes: the same cues give the same files, which the runner writes only when they change.
"""

from __future__ import annotations

from collections.abc import Sequence

from edtfeed.episodes.episode import Episode
from edtfeed.constants import SRT_TYPE, VTT_TYPE
from edtfeed.episodes.transcripts import caption_paths
from edtfeed.read.cues import TimedCue
from edtfeed.timecode import format_clock


def _vtt_text(text: str) -> str:
    """Cue text as WebVTT requires it: `&`, `<` and `>` escaped (so no `-->` either)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def webvtt(cues: Sequence[TimedCue]) -> bytes:
    """A WebVTT file: one cue per turn, its speaker as a voice span on each of its lines."""
    out = ["WEBVTT", ""]
    for cue in cues:
        voice = f"<v {_vtt_text(cue.voice)}>" if cue.voice else ""
        out += [f"{format_clock(cue.start, 'vtt')} --> {format_clock(cue.end, 'vtt')}",
                *(f"{voice}{_vtt_text(line)}" for line in cue.text.split("\n")), ""]
    return "\n".join(out).encode("utf-8")


def subrip(cues: Sequence[TimedCue]) -> bytes:
    """An SRT file: numbered cues, comma milliseconds, the speaker as a `Name:` prefix (SRT has no voices)."""
    out: list[str] = []
    for number, cue in enumerate(cues, 1):
        text = f"{cue.voice}: {cue.text}" if cue.voice else cue.text
        out += [str(number), f"{format_clock(cue.start, 'srt')} --> {format_clock(cue.end, 'srt')}", text, ""]
    return "\n".join(out).encode("utf-8")


def caption_files(episode: Episode) -> dict[str, bytes]:
    """The episode's caption files by path under its language's folder; none without timed cues."""
    if not episode.captions:
        return {}
    paths = caption_paths(episode.slug)
    return {paths[VTT_TYPE]: webvtt(episode.captions), paths[SRT_TYPE]: subrip(episode.captions)}

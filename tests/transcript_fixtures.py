"""A host transcript written for the tests: a WebVTT file of a 30-minute episode with a 2-minute intro, two ads and
mis-transcribed words, the true start of each topic, and show notes whose headings name those topics."""

from __future__ import annotations

import random

DURATION = 1800
FILLER = "so yeah I think that is really the thing you know and we were talking about it last week".split()
# (true start, heading, section text of the show notes, words said in the audio — some as speech recognition
# mis-hears them: "governments" for "governance", "censor" for "sensor", "encription")
TOPICS = [
    (150, "Edge Computing Basics", "What edge devices are and why latency matters to factories.",
     ["edge", "computing", "devices", "latency", "factory", "milliseconds"]),
    (600, "Data Governance at the Edge", "Retention policies and compliance for data collected far from the cloud.",
     ["data", "governments", "retention", "compliance", "policy", "regulators"]),
    (930, "Security of Sensor Networks", "Encrypting the traffic of thousands of sensors and patching firmware.",
     ["censor", "networks", "encription", "firmware", "patching", "attackers"]),
    (1500, "Closing Thoughts", "Where to find our guest and what to read next.",
     ["closing", "thoughts", "book", "linkedin", "guest", "recommend"]),
]
# Talk that is not a topic: the intro (0–120 s) and two ads.
INTRO = (0, 120, ["welcome", "podcast", "host", "episode", "guest", "today"])
ADS = [(120, 150, ["sponsor", "mattress", "discount", "code", "sleep"]),
       (900, 930, ["sponsor", "coffee", "beans", "roasted", "subscription"])]


def _stamp(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole // 60 % 60:02d}:{whole % 60:02d}.{round(seconds % 1 * 1000):03d}"


def episode_cues(seed: int = 3) -> list[tuple[float, float, str, str]]:
    """(start, end, text, voice) every five seconds of the whole episode."""
    rng = random.Random(seed)
    spans = [INTRO, *ADS]
    for index, (start, _, _, words) in enumerate(TOPICS):
        end = TOPICS[index + 1][0] if index + 1 < len(TOPICS) else DURATION
        spans += [(start, next((a for a, _, _ in ADS if start < a < end), end), words * 2)]
    cues = []
    for start, end, words in sorted(spans):
        t = float(start)
        while t < end:
            voice = "Darren" if int(t) // 15 % 2 else "Ada Guest"
            cues.append((t, min(t + 5, end), " ".join(rng.sample(FILLER + words, 10)), voice))
            t += 5
    return cues


def episode_vtt(seed: int = 3) -> bytes:
    """The episode's transcript as Transistor serves it: WebVTT with voices, a NOTE, cue settings and ids."""
    lines = ["WEBVTT", "", "NOTE generated for the edtfeed tests", ""]
    for number, (start, end, text, voice) in enumerate(episode_cues(seed), 1):
        lines += [str(number), f"{_stamp(start)} --> {_stamp(end)} align:start", f"<v {voice}>{text}", ""]
    return "\n".join(lines).encode("utf-8")


def notes_body(intro_words: int = 60) -> str:
    """Show notes: an opening paragraph, then one untimed heading per topic with its section text."""
    body = " ".join(["Welcome"] * intro_words) + ".\n\n"
    for _, title, text, _ in TOPICS:
        body += f"## {title}\n\n{text}\n\n"
    return body


def record_markdown(embed_id: str, lang: str = "en", permalink: str = "edge-en") -> str:
    """A whole record file for the episode."""
    return (f'---\ntitle: "Edge Data Plans"\npermalink: {permalink}\nlang: {lang}\ndate: 2024-05-01\n---\n\n'
            f'{{% include transistor.html id="{embed_id}" %}}\n\n' + notes_body())

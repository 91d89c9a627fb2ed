"""Short user-visible labels the feeds write in the listener's language (link texts, chapter and file titles).

One table, so a translator finds every string in one place; a language missing here (or a key missing for a
language) falls back to English rather than failing the build.
"""

from __future__ import annotations

from typing import Literal

LabelKey = Literal["watch_on_youtube", "introduction", "chapters", "transcript"]

FALLBACK_LANGUAGE = "en"

LABELS: dict[str, dict[LabelKey, str]] = {
    "en": {
        "watch_on_youtube": "Watch on YouTube",
        "introduction": "Introduction",
        "chapters": "Chapters",
        "transcript": "Transcript",
    },
    "es": {
        "watch_on_youtube": "Ver en YouTube",
        "introduction": "Introducción",
        "chapters": "Capítulos",
        "transcript": "Transcripción",
    },
    "de": {
        "watch_on_youtube": "Auf YouTube ansehen",
        "introduction": "Einleitung",
        "chapters": "Kapitel",
        "transcript": "Transkript",
    },
    "fr": {
        "watch_on_youtube": "Regarder sur YouTube",
        "introduction": "Introduction",
        "chapters": "Chapitres",
        "transcript": "Transcription",
    },
    "it": {
        "watch_on_youtube": "Guarda su YouTube",
        "introduction": "Introduzione",
        "chapters": "Capitoli",
        "transcript": "Trascrizione",
    },
    "pt": {
        "watch_on_youtube": "Assista no YouTube",
        "introduction": "Introdução",
        "chapters": "Capítulos",
        "transcript": "Transcrição",
    },
    "ar": {
        "watch_on_youtube": "شاهد على YouTube",
        "introduction": "مقدمة",
        "chapters": "الفصول",
        "transcript": "النص",
    },
    "ja": {
        "watch_on_youtube": "YouTubeで見る",
        "introduction": "はじめに",
        "chapters": "チャプター",
        "transcript": "文字起こし",
    },
}


def label(key: LabelKey, lang: str) -> str:
    """The label for `lang`: exact code, then its base language (`pt-br` -> `pt`), then English."""
    for code in (lang.lower(), lang.lower().split("-")[0], FALLBACK_LANGUAGE):
        text = LABELS.get(code, {}).get(key)
        if text:
            return text
    raise KeyError(key)

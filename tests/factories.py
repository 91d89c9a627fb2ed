"""Small builders for models used across unit tests (records, audio metadata, config).

Transistor URLs in this file are data only, never fetched: conftest.py fences every test's network to
127.0.0.1/localhost (tests/test_network_fence.py proves it).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from edtfeed.config import Config
from edtfeed.lock import AudioMeta
from edtfeed.read.types import Record

PST = timezone(timedelta(hours=-8))


def make_config(tmp: Path | None = None, **show: Any) -> Config:
    data: dict[str, Any] = {
        "show": {
            "title": "Test Show",
            "description": "A show used by the tests.",
            "author": "Test Author",
            "email": "owner@example.org",
            "image": "https://example.org/cover.jpg",
            "link": "https://example.org",
            "categories": ["Technology", "Business/Management"],
            "base_url": "https://example.org/feeds",
            **show,
        },
        "root": tmp or Path("."),
    }
    return Config.model_validate(data)


def make_record(**fields: Any) -> Record:
    lang = fields.get("lang", "en")
    data: dict[str, Any] = {
        "path": Path(f"/show/episodes/ep/{lang}/episode.md"),
        "rel": f"ep/{lang}/episode.md",
        "lang": lang,
        "lang_explicit": True,
        "title": "An Episode",
        "number": 7,
        "permalink": f"episode-7-{lang}",
        "date": datetime(2024, 3, 7, 0, 0, tzinfo=PST),
        "summary": "A short summary.",
        "description": "A short description.",
        "embed_id": "cea47899",
        "body": "Intro paragraph.\n\n## First\n\nText.\n",
        "body_line": 20,
        **fields,
    }
    return Record(**data)


def make_audio(**fields: Any) -> AudioMeta:
    data: dict[str, Any] = {
        "embed_id": "cea47899",
        "url": "https://media.transistor.fm/cea47899/3f1d2a7b.mp3",
        "length": 36182204,
        "type": "audio/mpeg",
        "duration": 2261,
        "guid": "3b2f6c1e-8a4d-4f0e-9c7a-1d2e3f4a5b6c",
        **fields,
    }
    return AudioMeta.model_validate(data)

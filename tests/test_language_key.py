"""The language cache key is derived from LanguageInputs as a whole: changing any field of any input type
(found by iterating over the types' fields, so a field added later is covered too) changes the key."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from bench.generate import generate
from edtfeed.runner.cache import BuildCache
from edtfeed.runner.show import LanguageInputs, LedgerInputs, RecordInputs
from edtfeed.config import load_config
from edtfeed.lock import AudioMeta, LedgerItem, TranscriptRef

WHEN = datetime(2024, 3, 5, 8, tzinfo=timezone.utc)


def full_inputs() -> LanguageInputs:
    """Inputs with every field set (no None), so that every field has a value to change."""
    audio = AudioMeta(embed_id="abc123", url="https://media.example/a.mp3", length=1000, type="audio/mpeg",
                      duration=600, guid="t-guid", episode=3, season=1, episode_type="full", pub_date=WHEN,
                      image="https://media.example/a.jpg", title="One",
                      transcripts=[TranscriptRef(url="https://media.example/a.vtt", type="text/vtt", language="en",
                                                 rel="captions")],
                      chapters_url="https://media.example/a.json", source="rss")
    record = RecordInputs("ep/en/one.md", "sha-of-content", audio, "one", ("en", ((0, False), (60, True))), "en",
                          "sha-of-the-host-transcript")
    item = LedgerItem(path="ep/en/gone.md", embed_id="abc123", first_published=WHEN,
                      enclosure="https://media.example/a.mp3", removed=False)
    return LanguageInputs("en", "/out", ("en", "es"), (record,), (LedgerInputs("guid-1", item, "gone"),),
                          "c2d5d7e4-7f3a-5b1e-9a43-2f0d6c8b1a55")


def variants(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """(where, a copy of `value` with exactly one leaf changed), for every leaf of `value`."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            for where, changed in variants(getattr(value, name), f"{path}.{name}"):
                yield where, value.model_copy(update={name: changed})
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            for where, changed in variants(getattr(value, field.name), f"{path}.{field.name}"):
                yield where, dataclasses.replace(value, **{field.name: changed})
    elif isinstance(value, (tuple, list)):
        for index, element in enumerate(value):
            for where, changed in variants(element, f"{path}[{index}]"):
                yield where, type(value)((*value[:index], changed, *value[index + 1 :]))
    elif isinstance(value, bool):
        yield path, not value
    elif isinstance(value, int):
        yield path, value + 1
    elif isinstance(value, str):
        yield path, value + "!"
    elif isinstance(value, datetime):
        yield path, value + timedelta(seconds=1)
    else:
        raise AssertionError(f"{path}: give full_inputs a value and variants a change for {type(value).__name__}")


def test_every_field_of_every_input_changes_the_key() -> None:
    cache = BuildCache.disabled()
    base = full_inputs()
    keys = {"base": cache.key(base)}
    for where, changed in variants(base):
        keys[where] = cache.key(changed)
    assert len(set(keys.values())) == len(keys), "two inputs gave one key"
    segments = {segment for where in keys for segment in re.split(r"[.\[\]]", where) if segment}
    for kind in (LanguageInputs, RecordInputs, LedgerInputs):
        assert {field.name for field in dataclasses.fields(kind)} <= segments, kind
    for model in (AudioMeta, LedgerItem, TranscriptRef):
        assert set(model.model_fields) <= segments, model


def test_the_config_and_edtfeeds_code_are_in_the_key(tmp_path: Path) -> None:
    generate(tmp_path, 1, ("en",))
    config = load_config(tmp_path / "edtfeed.toml")
    other = config.model_copy(update={"show": config.show.model_copy(update={"title": config.show.title + "!"})})
    inputs = full_inputs()
    assert BuildCache.open(config).key(inputs) == BuildCache.open(config).key(inputs)
    assert BuildCache.open(config).key(inputs) != BuildCache.open(other).key(inputs)

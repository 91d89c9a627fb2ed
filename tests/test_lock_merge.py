"""Saving the lock merges with what is on disk: a decision another run saved meanwhile (a `--remove`, a new pin)
is never lost, even without the project lock (belt and braces)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from edtfeed.lock import AudioMeta, LedgerItem, Lock, PinnedTranscript, load_lock, save_lock

WHEN = datetime(2024, 5, 14, 9, tzinfo=timezone.utc)


def _meta(embed_id: str, length: int = 1000) -> AudioMeta:
    return AudioMeta(embed_id=embed_id, url=f"https://media.example/{embed_id}.mp3", length=length,
                     type="audio/mpeg", duration=60)


def _item(path: str, removed: bool = False, enclosure: str = "https://media.example/a.mp3") -> LedgerItem:
    return LedgerItem(path=path, first_published=WHEN, enclosure=enclosure, removed=removed)


def _start(tmp_path: Path) -> Path:
    path = tmp_path / "edtfeed.lock"
    save_lock(path, Lock(audio={"aaaa0001": _meta("aaaa0001")},
                         ledger={"en": {"g1": _item("a.md"), "g2": _item("b.md")}},
                         transcripts={"aaaa0001": PinnedTranscript(url="https://x/t.vtt", type="text/vtt",
                                                                   file="aaaa0001.vtt", sha256="0" * 64)}))
    return path


def test_a_removal_saved_by_another_run_holds_against_a_run_that_loaded_the_lock_before_it(tmp_path: Path) -> None:
    path = _start(tmp_path)
    publish = load_lock(path)  # a publish starts
    remove = load_lock(path)  # `publish --remove g1` runs meanwhile and finishes first
    remove.ledger["en"]["g1"] = remove.ledger["en"]["g1"].model_copy(update={"removed": True})
    save_lock(path, remove)
    # the publish built g1 with a new enclosure (it did not know) and a new item g3; then it saves
    publish.ledger["en"]["g1"] = _item("a.md", enclosure="https://media.example/a2.mp3")
    publish.ledger["en"]["g3"] = _item("c.md")
    save_lock(path, publish)

    saved = load_lock(path)
    assert saved.ledger["en"]["g1"].removed is True, "the removal holds"
    assert saved.ledger["en"]["g1"].enclosure == "https://media.example/a2.mp3"
    assert set(saved.ledger["en"]) == {"g1", "g2", "g3"}
    assert publish.ledger["en"]["g1"].removed is True  # the saving run's lock says what was saved


def test_pins_another_run_added_are_kept_and_what_this_run_dropped_stays_dropped(tmp_path: Path) -> None:
    path = _start(tmp_path)
    ours = load_lock(path)
    theirs = load_lock(path)
    theirs.audio["bbbb0002"] = _meta("bbbb0002")  # a concurrent `resolve`
    theirs.ledger["es"] = {"g9": _item("c.md")}
    save_lock(path, theirs)
    del ours.transcripts["aaaa0001"]  # the host no longer lists it
    ours.audio["aaaa0001"] = _meta("aaaa0001", length=2000)  # --refresh
    save_lock(path, ours)

    saved = load_lock(path)
    assert sorted(saved.audio) == ["aaaa0001", "bbbb0002"]
    assert saved.audio["aaaa0001"].length == 2000
    assert saved.transcripts == {}
    assert saved.ledger["es"] == {"g9": _item("c.md")}


def test_a_lock_deleted_meanwhile_is_written_whole(tmp_path: Path) -> None:
    path = _start(tmp_path)
    ours = load_lock(path)
    path.unlink()
    assert save_lock(path, ours) is True
    assert load_lock(path) == ours

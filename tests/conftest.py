"""Shared fixtures: the fake Transistor server on loopback and a resolver HTTP client on its virtual clock."""

from __future__ import annotations

import functools
from collections.abc import Iterator

import pytest

from edtfeed.resolve.http import HttpClient
from tests.fake_transistor import FakeTransistor, sample_episodes


@pytest.fixture
def fake_transistor() -> Iterator[FakeTransistor]:
    """A running fake with the sample show; tests may edit `fake_transistor.episodes` (served live)."""
    with FakeTransistor(sample_episodes()) as fake:
        yield fake


@pytest.fixture
def transistor_client(fake_transistor: FakeTransistor) -> HttpClient:
    """A resolver client whose waits advance the fake's clock instead of sleeping; short timeout for fault tests."""
    return HttpClient(timeout=0.5, clock=fake_transistor.clock.now, sleep=fake_transistor.clock.sleep)


@pytest.fixture
def virtual_waits(fake_transistor: FakeTransistor, monkeypatch: pytest.MonkeyPatch) -> None:
    """Clients the resolver builds itself (CLI runs) wait on the fake's clock: backoff and 429 waits cost nothing."""
    import edtfeed.resolve

    clock = fake_transistor.clock
    client = functools.partial(HttpClient, clock=clock.now, sleep=clock.sleep)
    monkeypatch.setattr(edtfeed.resolve, "HttpClient", client)

"""Shared fixtures: the fake Transistor server on loopback and a resolver HTTP client on its virtual clock.

Every test also runs with the network fenced to loopback, so a test that would reach the internet fails loudly.
"""

from __future__ import annotations

import functools
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from edtfeed.http import HttpClient
from tests.fake_transistor import FakeTransistor, sample_episodes
from tests.fence.sitecustomize import fenced

FENCE_DIR = Path(__file__).resolve().parent / "fence"
# Every Python process a test starts imports the fence too (tests/fence/sitecustomize.py).
os.environ["EDTFEED_TEST_FENCE"] = "1"
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(FENCE_DIR), os.environ.get("PYTHONPATH")]))


@pytest.fixture(autouse=True)
def _no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Name lookups and connections to anything but loopback raise, in this process and (through PYTHONPATH)
    in every Python process a test starts."""
    getaddrinfo, connect = fenced(socket.getaddrinfo, socket.socket.connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)


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
    """Clients edtfeed builds itself (CLI runs: http.bounded_client, used by the resolver, `resolve --check` and the
    migration check) wait on the fake's clock: backoff and 429 waits cost nothing. tests/test_resolve_cli.py checks
    that a retried request really waits here."""
    import edtfeed.http

    clock = fake_transistor.clock
    client = functools.partial(HttpClient, clock=clock.now, sleep=clock.sleep)
    monkeypatch.setattr(edtfeed.http, "HttpClient", client)

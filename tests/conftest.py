"""Shared fixtures: the fake Transistor server on loopback and a resolver HTTP client on its virtual clock.

Every test also runs with the network fenced to loopback, so a test that would reach the internet fails loudly.
"""

from __future__ import annotations

import functools
import socket
from collections.abc import Iterator
from typing import Any

import pytest

from edtfeed.resolve.http import HttpClient
from tests.fake_transistor import FakeTransistor, sample_episodes

_LOOPBACK_NAMES = frozenset({"localhost", "::1", "ip6-localhost"})


def _loopback(host: object) -> bool:
    return isinstance(host, str) and (host.startswith("127.") or host in _LOOPBACK_NAMES)


@pytest.fixture(autouse=True)
def _no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Name lookups and connections to anything but loopback raise, in this process (subprocesses are the
    tests' own CLI runs against loopback servers)."""
    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.socket.connect

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None and not _loopback(host):
            raise OSError(f"tests must not reach the internet (looked up {host!r})")
        return real_getaddrinfo(host, *args, **kwargs)

    def connect(self: socket.socket, address: Any) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _loopback(address[0]):
            raise OSError(f"tests must not reach the internet (connected to {address!r})")
        return real_connect(self, address)

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
    """Clients the resolver builds itself (CLI runs) wait on the fake's clock: backoff and 429 waits cost nothing."""
    import edtfeed.resolve

    clock = fake_transistor.clock
    client = functools.partial(HttpClient, clock=clock.now, sleep=clock.sleep)
    monkeypatch.setattr(edtfeed.resolve, "HttpClient", client)

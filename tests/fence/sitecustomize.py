"""The tests' network fence: name lookups and connections to anything but loopback raise.

conftest.py applies it to the test process and puts this folder on PYTHONPATH with EDTFEED_TEST_FENCE=1, so
Python imports it at the start of every process a test starts too (the CLI under test, a bash script's
`edtfeed`): no test can reach the internet, whatever host a config or a record names.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from typing import Any

_LOOPBACK_NAMES = frozenset({"localhost", "::1", "ip6-localhost"})


def loopback(host: object) -> bool:
    return isinstance(host, str) and (host.startswith("127.") or host in _LOOPBACK_NAMES)


def fenced(real_getaddrinfo: Callable[..., Any], real_connect: Callable[..., Any]
           ) -> tuple[Callable[..., Any], Callable[..., Any]]:
    """socket.getaddrinfo and socket.socket.connect that refuse every host but loopback."""

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None and not loopback(host):
            raise OSError(f"tests must not reach the internet (looked up {host!r})")
        return real_getaddrinfo(host, *args, **kwargs)

    def connect(self: socket.socket, address: Any) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not loopback(address[0]):
            raise OSError(f"tests must not reach the internet (connected to {address!r})")
        return real_connect(self, address)

    return getaddrinfo, connect


if os.environ.get("EDTFEED_TEST_FENCE") == "1":
    socket.getaddrinfo, socket.socket.connect = fenced(socket.getaddrinfo, socket.socket.connect)  # type: ignore[method-assign]

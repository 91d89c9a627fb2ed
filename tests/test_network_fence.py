"""The autouse fence in conftest.py: a test that tries to reach beyond loopback fails instead of going out."""

import socket

import pytest


def test_lookups_of_other_hosts_are_refused() -> None:
    with pytest.raises(OSError, match="must not reach the internet"):
        socket.create_connection(("example.org", 80), timeout=1)


def test_connections_to_other_addresses_are_refused() -> None:
    with socket.socket() as sock, pytest.raises(OSError, match="must not reach the internet"):
        sock.connect(("93.184.215.14", 80))


def test_loopback_still_works() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        with socket.create_connection(server.getsockname(), timeout=1):
            pass

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


def test_processes_the_tests_start_are_fenced_too() -> None:
    """The CLI under test runs in subprocesses: the fence reaches them through PYTHONPATH (tests/fence)."""
    import subprocess
    import sys

    from tests.cli_env import cli_env

    done = subprocess.run([sys.executable, "-c", "import socket; socket.create_connection(('example.org', 80), 1)"],
                          env=cli_env(), capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "tests must not reach the internet" in done.stderr

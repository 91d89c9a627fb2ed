"""The preview server, hit with real HTTP on loopback: types, validators, 304, gzip, HEAD, ranges, traversal."""

from __future__ import annotations

import gzip
import http.client
import os
import socket
from collections.abc import Iterator
from email.utils import formatdate
from pathlib import Path

import pytest
import requests

from edtfeed.serve import PreviewServer, content_type, parse_range, serve

FEED = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<?xml-stylesheet type="text/xsl" href="/feed.xsl"?>\n'
    '<rss version="2.0"><channel><title>Preview show ' + "x" * 2000 + "</title></channel></rss>\n"
).encode()
MTIME = 1_700_000_000  # a fixed mtime, so Last-Modified is known


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "feeds"
    files = {
        "en/feed.xml": FEED,
        "en/chapters/ep-1.json": b'{"version": "1.2.0", "chapters": []}',
        "index.html": "<!doctype html><p>Feeds · Señal</p>".encode(),
        "feed.xsl": b'<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"/>',
        "data.bin": bytes(range(256)),
        "es/.feed.xml.abc.tmp": b"half-written",
        "empty.txt": b"",
    }
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        os.utime(path, (MTIME, MTIME))
    (tmp_path / "secret.txt").write_text("outside the served dir")
    return root


@pytest.fixture
def server(site: Path) -> Iterator[PreviewServer]:
    with serve(site, port=0, quiet=True) as srv:
        yield srv


def get(server: PreviewServer, path: str, **headers: str) -> requests.Response:
    return requests.get(server.url + path, headers=headers, timeout=5)


def raw_get(server: PreviewServer, path: str, method: str = "GET") -> http.client.HTTPResponse:
    """http.client sends the path exactly as given (requests would normalise `..`)."""
    host, port = server.server_address[:2]
    conn = http.client.HTTPConnection(str(host), port, timeout=5)
    conn.request(method, path)
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


def test_port_zero_binds_an_ephemeral_port(server: PreviewServer) -> None:
    assert server.server_address[1] != 0
    assert server.url == f"http://127.0.0.1:{server.server_address[1]}"


def test_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="edtfeed publish"):
        serve(tmp_path / "nope", port=0)


@pytest.mark.parametrize(
    ("rel", "expected"),
    [
        ("en/feed.xml", "application/rss+xml; charset=utf-8"),
        ("pt-br/chapters/episode-7.json", "application/json+chapters"),
        ("en/people.json", "application/json"),
        ("index.html", "text/html; charset=utf-8"),
        ("feed.xsl", "text/xsl; charset=utf-8"),
        ("en/EP.VTT", "text/vtt; charset=utf-8"),
        ("sitemap.xml", "application/xml; charset=utf-8"),
        ("blob.bin", "application/octet-stream"),
    ],
)
def test_content_type_table(rel: str, expected: str) -> None:
    assert content_type(rel) == expected


def test_served_content_types(server: PreviewServer) -> None:
    feed = get(server, "/en/feed.xml", Accept="application/rss+xml, application/xml;q=0.9, */*;q=0.1")
    assert feed.status_code == 200
    assert feed.headers["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert feed.content == FEED
    assert get(server, "/en/chapters/ep-1.json").headers["Content-Type"] == "application/json+chapters"
    page = get(server, "/")
    assert page.headers["Content-Type"] == "text/html; charset=utf-8"
    assert page.text == "<!doctype html><p>Feeds · Señal</p>"
    assert get(server, "/feed.xsl").headers["Content-Type"].startswith("text/xsl")


def test_browsers_get_feeds_as_xml_so_the_stylesheet_applies(server: PreviewServer) -> None:
    chromium_accept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"
    feed = get(server, "/en/feed.xml", Accept=chromium_accept)
    assert feed.headers["Content-Type"] == "application/xml; charset=utf-8"
    assert "Accept" in [v.strip() for v in feed.headers["Vary"].split(",")]
    refused = get(server, "/en/feed.xml", Accept="text/html;q=0, */*")
    assert refused.headers["Content-Type"] == "application/rss+xml; charset=utf-8"


def test_etag_and_last_modified_then_304(server: PreviewServer) -> None:
    first = get(server, "/en/feed.xml", **{"Accept-Encoding": "identity"})
    etag = first.headers["ETag"]
    assert etag.startswith('"') and etag.endswith('"') and not etag.startswith("W/")
    assert first.headers["Last-Modified"] == formatdate(MTIME, usegmt=True)
    again = get(server, "/en/feed.xml", **{"Accept-Encoding": "identity"})
    assert again.headers["ETag"] == etag

    cached = get(server, "/en/feed.xml", **{"If-None-Match": etag})
    assert cached.status_code == 304
    assert cached.content == b""
    assert cached.headers["ETag"]

    listed = get(server, "/en/feed.xml", **{"If-None-Match": f'"other", W/{etag}'})
    assert listed.status_code == 304
    assert get(server, "/en/feed.xml", **{"If-None-Match": '"other"'}).status_code == 200


def test_if_modified_since(server: PreviewServer) -> None:
    assert get(server, "/en/feed.xml", **{"If-Modified-Since": formatdate(MTIME, usegmt=True)}).status_code == 304
    assert get(server, "/en/feed.xml", **{"If-Modified-Since": formatdate(MTIME + 60, usegmt=True)}).status_code == 304
    assert get(server, "/en/feed.xml", **{"If-Modified-Since": formatdate(MTIME - 1, usegmt=True)}).status_code == 200
    assert get(server, "/en/feed.xml", **{"If-Modified-Since": "not a date"}).status_code == 200
    # If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2).
    stale = {"If-None-Match": '"other"', "If-Modified-Since": formatdate(MTIME, usegmt=True)}
    assert get(server, "/en/feed.xml", **stale).status_code == 200


def test_a_changed_file_gets_a_new_etag(server: PreviewServer, site: Path) -> None:
    etag = get(server, "/en/feed.xml").headers["ETag"]
    (site / "en/feed.xml").write_bytes(FEED.replace(b"Preview", b"Changed"))
    fresh = get(server, "/en/feed.xml", **{"If-None-Match": etag})
    assert fresh.status_code == 200
    assert fresh.headers["ETag"] != etag
    assert b"Changed show" in fresh.content


def test_gzip_when_asked(server: PreviewServer) -> None:
    response = requests.get(server.url + "/en/feed.xml", headers={"Accept-Encoding": "gzip"}, stream=True, timeout=5)
    body = response.raw.read(decode_content=False)
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert int(response.headers["Content-Length"]) == len(body) < len(FEED)
    assert gzip.decompress(body) == FEED
    assert response.headers["ETag"].endswith('-gzip"')
    # The gzip bytes are deterministic (no timestamp): the same ETag names the same bytes every time.
    second = requests.get(server.url + "/en/feed.xml", headers={"Accept-Encoding": "gzip"}, stream=True, timeout=5)
    assert second.raw.read(decode_content=False) == body
    assert get(server, "/en/feed.xml", **{"If-None-Match": response.headers["ETag"]}).status_code == 304


def test_no_gzip_unless_asked_or_for_binaries(server: PreviewServer) -> None:
    plain = requests.get(server.url + "/en/feed.xml", headers={"Accept-Encoding": "identity"}, timeout=5)
    assert "Content-Encoding" not in plain.headers
    refused = requests.get(server.url + "/en/feed.xml", headers={"Accept-Encoding": "gzip;q=0"}, timeout=5)
    assert "Content-Encoding" not in refused.headers
    binary = requests.get(server.url + "/data.bin", headers={"Accept-Encoding": "gzip"}, timeout=5)
    assert "Content-Encoding" not in binary.headers
    assert binary.content == bytes(range(256))


def test_head_has_the_headers_of_get_and_no_body(server: PreviewServer) -> None:
    head = requests.head(server.url + "/en/feed.xml", headers={"Accept-Encoding": "identity"}, timeout=5)
    full = get(server, "/en/feed.xml", **{"Accept-Encoding": "identity"})
    assert head.status_code == 200
    assert head.content == b""
    for name in ("Content-Type", "Content-Length", "ETag", "Last-Modified"):
        assert head.headers[name] == full.headers[name]
    assert int(head.headers["Content-Length"]) == len(FEED)


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [("bytes=0-9", 0, 9), ("bytes=250-", 250, 255), ("bytes=-6", 250, 255), ("bytes=200-999", 200, 255)],
)
def test_single_range(server: PreviewServer, header: str, first: int, last: int) -> None:
    response = get(server, "/data.bin", Range=header)
    assert response.status_code == 206
    assert response.headers["Content-Range"] == f"bytes {first}-{last}/256"
    assert response.content == bytes(range(256))[first : last + 1]
    assert response.headers["Accept-Ranges"] == "bytes"


def test_range_on_a_feed_is_never_gzipped(server: PreviewServer) -> None:
    response = requests.get(
        server.url + "/en/feed.xml", headers={"Range": "bytes=0-4", "Accept-Encoding": "gzip"}, stream=True, timeout=5
    )
    assert response.status_code == 206
    assert "Content-Encoding" not in response.headers
    assert response.raw.read(decode_content=False) == FEED[:5]
    assert response.headers["Content-Range"] == f"bytes 0-4/{len(FEED)}"


@pytest.mark.parametrize("header", ["bytes=256-", "bytes=999-1000", "bytes=-0"])
def test_unsatisfiable_range_is_416(server: PreviewServer, header: str) -> None:
    response = get(server, "/data.bin", Range=header)
    assert response.status_code == 416
    assert response.headers["Content-Range"] == "bytes */256"


def test_empty_file_range_is_416_and_plain_get_works(server: PreviewServer) -> None:
    assert get(server, "/empty.txt", Range="bytes=-5").status_code == 416
    assert get(server, "/empty.txt").status_code == 200


@pytest.mark.parametrize("header", ["bytes=0-1,5-6", "lines=1-2", "bytes=9-3", "bytes=x-"])
def test_multi_or_malformed_ranges_get_the_whole_file(server: PreviewServer, header: str) -> None:
    response = get(server, "/data.bin", Range=header)
    assert response.status_code == 200
    assert response.content == bytes(range(256))


def test_if_range(server: PreviewServer) -> None:
    etag = get(server, "/data.bin").headers["ETag"]
    assert get(server, "/data.bin", Range="bytes=0-1", **{"If-Range": etag}).status_code == 206
    assert get(server, "/data.bin", Range="bytes=0-1", **{"If-Range": '"old"'}).status_code == 200
    date = formatdate(MTIME, usegmt=True)
    assert get(server, "/data.bin", Range="bytes=0-1", **{"If-Range": date}).status_code == 206


@pytest.mark.parametrize(
    "path",
    ["/../secret.txt", "/en/../../secret.txt", "/%2e%2e/secret.txt", "/en/%2E%2E/%2e%2e/secret.txt",
     "/es/.feed.xml.abc.tmp", "/en/feed.xml%00.html", "/%ff", "/missing.xml"],
)
def test_no_traversal_no_dotfiles(server: PreviewServer, path: str) -> None:
    response = raw_get(server, path)
    assert response.status == 404


def test_symlink_out_of_the_root_is_not_followed(server: PreviewServer, site: Path) -> None:
    (site / "escape.txt").symlink_to(site.parent / "secret.txt")
    assert raw_get(server, "/escape.txt").status == 404


def test_directories(server: PreviewServer) -> None:
    redirect = requests.get(server.url + "/en", allow_redirects=False, timeout=5)
    assert redirect.status_code == 301
    assert redirect.headers["Location"] == "/en/"
    listing = get(server, "/en/")
    assert listing.status_code == 200
    assert 'href="feed.xml"' in listing.text and 'href="chapters/"' in listing.text
    assert (listing.headers["Content-Type"], listing.headers["Cache-Control"]) == ("text/html; charset=utf-8",
                                                                                    "no-cache")
    head = requests.head(server.url + "/en/", timeout=5)
    assert head.content == b"" and head.headers["Content-Length"] == str(len(listing.content))
    assert ".feed" not in get(server, "/es/").text


def test_other_methods_are_405(server: PreviewServer) -> None:
    response = requests.post(server.url + "/en/feed.xml", data=b"x", timeout=5)
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, HEAD"


def test_keep_alive_connection_serves_several_requests(server: PreviewServer) -> None:
    with requests.Session() as session:
        statuses = [session.get(server.url + "/en/feed.xml", timeout=5).status_code for _ in range(3)]
        etag = session.get(server.url + "/data.bin", timeout=5).headers["ETag"]
        statuses.append(session.get(server.url + "/data.bin", headers={"If-None-Match": etag}, timeout=5).status_code)
        statuses.append(session.get(server.url + "/data.bin", timeout=5).status_code)
    assert statuses == [200, 200, 200, 304, 200]


def test_parse_range_unit() -> None:
    assert parse_range(None, 10) is None
    assert parse_range("bytes=0-0", 10) == (0, 0)
    assert parse_range("bytes=-20", 10) == (0, 9)
    assert parse_range("bytes=10-", 10) is False


def raw_exchange(server: PreviewServer, request: bytes) -> bytes:
    """Bytes on the wire, for requests no HTTP client would send; the answer's first line."""
    host, port = server.server_address[:2]
    with socket.create_connection((str(host), port), timeout=5) as conn:
        conn.sendall(request)
        answer = b""
        while b"\r\n" not in answer:
            chunk = conn.recv(4096)
            if not chunk:
                break
            answer += chunk
    return answer.split(b"\r\n", 1)[0]


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        (b"GET /data.bin HTTP/1.1\r\nRange: bytes=" + b"9" * 5000 + b"-\r\nConnection: close\r\n\r\n", b" 416 "),
        (b"GET /data.bin HTTP/1.1\r\nRange: bytes=0-" + b"9" * 5000 + b"\r\nConnection: close\r\n\r\n", b" 206 "),
        (b"GET /data.bin HTTP/1.1\r\nRange: bytes=-" + b"9" * 5000 + b"\r\nConnection: close\r\n\r\n", b" 206 "),
        ("GET /data.bin HTTP/1.1\r\nRange: bytes=²-\r\nConnection: close\r\n\r\n".encode("latin-1"), b" 200 "),
        ("GET /data.bin HTTP/1.1\r\nRange: bytes=0-²\r\nConnection: close\r\n\r\n".encode("latin-1"), b" 200 "),
        (b"\x00\xff garbage\r\n\r\n", b" 400 "),
        (b"GET\r\n\r\n", b" 400 "),
        (b"GET / HTTP/9.x\r\n\r\n", b" 400 "),
        (b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n", b" 414 "),
    ],
)
def test_malformed_requests_get_a_status_never_a_traceback(
    site: Path, request_bytes: bytes, status: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    with serve(site, port=0, quiet=False) as server:
        first_line = raw_exchange(server, request_bytes)
        assert get(server, "/data.bin").content == bytes(range(256))  # the server still serves everyone else
    assert first_line.startswith(b"HTTP/1.1") and status in first_line
    assert "Traceback" not in capsys.readouterr().err


def test_parse_range_is_ascii_and_bounded() -> None:
    assert parse_range("bytes=²-", 10) is None
    assert parse_range("bytes=١-", 10) is None  # Arabic-Indic digit: isdigit() says yes
    assert parse_range("bytes=" + "9" * 5000 + "-", 10) is False
    assert parse_range("bytes=2-" + "9" * 5000, 10) == (2, 9)
    assert parse_range("bytes=-" + "9" * 5000, 10) == (0, 9)


def test_a_client_hanging_up_is_one_line_not_a_traceback(server: PreviewServer,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    server.quiet = False
    try:
        raise ConnectionResetError
    except ConnectionResetError:
        server.handle_error(None, ("127.0.0.1", 1))
    assert capsys.readouterr().err == "127.0.0.1 - request dropped (ConnectionResetError)\n"

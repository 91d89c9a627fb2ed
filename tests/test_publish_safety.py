"""Publishing safely for the directories that poll us, end to end on a copy of the sample show.

Guids stay put, vanished items are carried over, removal is explicit, duplicates are errors, output is
byte-identical across time zones / locales / hash seeds, a crash leaves every file whole, unchanged files keep
their mtime, WebSub pings go out for changed feeds only, and `edtfeed serve` serves the result.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner, Result
from lxml import etree
from pytest_httpserver import HTTPServer

from edtfeed.cli import main
from edtfeed.serve import serve
from tests.sample_show import copy_sample_show, feed_files
from tests.cli_env import cli_env

EP2_EN = "edt-2/en/episode.md"


@pytest.fixture
def show(tmp_path: Path) -> Path:
    """A published copy of the sample show; returns its folder."""
    copy_sample_show(tmp_path)
    assert run(tmp_path).exit_code == 0
    return tmp_path


def run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--config", str(root / "edtfeed.toml"), "publish", "--offline", *args])


def items(root: Path, lang: str = "en") -> dict[str, bytes]:
    """A feed's items by guid, each serialised, to compare items across builds."""
    tree = etree.parse(str(root / "feeds" / lang / "feed.xml"))
    return {item.findtext("guid"): etree.tostring(item) for item in tree.iterfind("channel/item")}


def ledger(root: Path, lang: str = "en") -> dict[str, dict]:
    return json.loads((root / "edtfeed.lock").read_text())["ledger"][lang]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new))


def guid_of(root: Path, rel: str) -> str:
    [guid] = [g for g, item in ledger(root).items() if item["path"] == rel]
    return guid


# -- guid ledger -------------------------------------------------------------------------------------------------


def test_the_lock_records_every_published_item(show: Path) -> None:
    for lang in ("en", "es", "ar"):
        entries = ledger(show, lang)
        assert set(entries) == set(items(show, lang))
        for entry in entries.values():
            assert entry["path"].endswith(".md") and entry["enclosure"].startswith("https://")
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d|.*Z", entry["first_published"])


def test_guid_stays_when_permalink_title_and_file_name_change(show: Path) -> None:
    guid = guid_of(show, EP2_EN)
    record = show / "episodes" / EP2_EN
    edit(record, "permalink: ", "permalink: renamed-")
    edit(record, "title: \"", "title: \"Renamed: ")
    record.rename(record.with_name("renamed.md"))

    result = run(show)
    assert result.exit_code == 0, result.output
    feed_items = items(show)
    assert guid in feed_items and b"Renamed: " in feed_items[guid]
    assert len(feed_items) == 3
    assert ledger(show)[guid]["path"] == "edt-2/en/renamed.md"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # Changing front matter guid after publish: an error naming the file; the published item is kept.
        ("permalink: ", "guid: urn:something-else\npermalink: ", r"error: .*urn:something-else.*'{guid}'"),
        # A broken record: its published item is carried over unchanged, and the run exits 1.
        ("title:", "title: [unclosed\nbroken:", r"warning: published item '{guid}' kept unchanged"),
    ],
    ids=["front-matter-guid-changed", "record-broken"],
)
def test_a_published_item_outlives_a_bad_edit_of_its_record(show: Path, old: str, new: str, expected: str) -> None:
    guid = guid_of(show, EP2_EN)
    before = items(show)
    edit(show / "episodes" / EP2_EN, old, new)
    result = run(show)
    assert result.exit_code == 1
    assert re.search(re.escape(f"{EP2_EN}: ") + expected.format(guid=re.escape(guid)), result.output), result.output
    assert items(show) == before


def test_a_deleted_record_is_carried_over_with_a_warning(show: Path) -> None:
    guid = guid_of(show, EP2_EN)
    before = items(show)
    (show / "episodes" / EP2_EN).unlink()
    result = run(show)
    assert result.exit_code == 0, result.output
    assert re.search(rf"{re.escape(EP2_EN)}: warning: .*{re.escape(guid)}.* no longer exists", result.output)
    assert items(show) == before


def test_explicit_removal_is_recorded_and_not_undone_by_accident(show: Path) -> None:
    guid = guid_of(show, EP2_EN)
    record = show / "episodes" / EP2_EN
    saved = record.read_text()
    record.unlink()
    result = run(show, "--remove", guid)
    assert result.exit_code == 0, result.output
    assert guid not in items(show) and len(items(show)) == 2
    assert ledger(show)[guid]["removed"] is True

    record.write_text(saved)  # restored from git by mistake
    result = run(show)
    assert result.exit_code == 0, result.output
    assert guid not in items(show)
    assert "--remove" in result.output


def test_removing_an_unknown_guid_is_a_usage_error(show: Path) -> None:
    before = feed_files(show / "feeds")
    result = run(show, "--remove", "no-such-guid")
    assert result.exit_code == 2
    assert "no-such-guid" in result.output
    assert feed_files(show / "feeds") == before


def test_refuses_to_drop_when_the_previous_feed_is_missing(show: Path) -> None:
    lock_before = (show / "edtfeed.lock").read_bytes()
    (show / "episodes" / EP2_EN).unlink()
    (show / "feeds/en/feed.xml").unlink()
    result = run(show)
    assert result.exit_code == 3
    assert "refusing to drop" in result.output
    assert not (show / "feeds/en/feed.xml").exists()  # not rewritten without the item
    assert json.loads((show / "edtfeed.lock").read_bytes())["ledger"] == json.loads(lock_before)["ledger"]


def test_two_records_claiming_one_guid_is_an_error_naming_both(tmp_path: Path) -> None:
    copy_sample_show(tmp_path)
    lock = json.loads((tmp_path / "edtfeed.lock").read_text())
    del lock["ledger"]  # a show not yet published: front matter guids may still be set
    (tmp_path / "edtfeed.lock").write_text(json.dumps(lock))
    for rel in ("edt-1/en/episode.md", "edt-3/en/episode.md"):
        edit(tmp_path / "episodes" / rel, "permalink: ", "guid: urn:edt:shared\npermalink: ")
    result = run(tmp_path)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if "urn:edt:shared" in line and ": error:" in line]
    assert any(line.startswith("edt-1/en/episode.md") and "edt-3/en/episode.md" in line for line in errors)
    assert any(line.startswith("edt-3/en/episode.md") and "edt-1/en/episode.md" in line for line in errors)
    assert "urn:edt:shared" not in items(tmp_path)


def test_one_enclosure_in_two_items_is_an_error_naming_both(show: Path) -> None:
    lock = json.loads((show / "edtfeed.lock").read_text())
    lock["audio"]["c0ffee42"]["url"] = lock["audio"]["a1b2c3d4"]["url"]
    (show / "edtfeed.lock").write_text(json.dumps(lock))
    result = run(show)
    assert result.exit_code == 1
    line = next(line for line in result.output.splitlines() if "enclosure URL" in line and ": error:" in line)
    assert "edt-1/en/episode.md" in line and "edt-3/en/episode.md" in line


# -- determinism, atomicity, mtimes ------------------------------------------------------------------------------


def cli(root: Path, *args: str, env: dict[str, str] | None = None, code: str = "") -> subprocess.CompletedProcess:
    """`edtfeed publish --offline` in a fresh interpreter (optionally after running `code`, e.g. a fault)."""
    script = f"{code}\nfrom edtfeed.cli import main\nmain()"
    full_env = cli_env(**(env or {}))
    return subprocess.run([sys.executable, "-c", script, "--config", str(root / "edtfeed.toml"), "publish",
                           "--offline", *args], env=full_env, capture_output=True, text=True, timeout=120)


def test_byte_identical_across_time_zones_locales_and_hash_seeds(tmp_path: Path) -> None:
    environments = [
        {"TZ": "UTC", "LC_ALL": "C", "PYTHONHASHSEED": "0"},
        {"TZ": "Asia/Tokyo", "LC_ALL": "C.UTF-8", "PYTHONHASHSEED": "1"},
        {"TZ": "America/Los_Angeles", "LC_ALL": "tr_TR.UTF-8", "LANG": "ar_EG.UTF-8", "PYTHONHASHSEED": "2"},
        {"TZ": "Pacific/Chatham", "LC_ALL": "POSIX", "PYTHONHASHSEED": "random"},
    ]
    outputs = []
    for index, env in enumerate(environments):
        root = tmp_path / f"run{index}"
        root.mkdir()
        copy_sample_show(root)
        done = cli(root, env=env)
        assert done.returncode == 0, done.stderr
        outputs.append({**feed_files(root / "feeds"), "edtfeed.lock": (root / "edtfeed.lock").read_bytes()})
    assert all(output == outputs[0] for output in outputs[1:])
    assert len(outputs[0]) >= 4


def test_a_crash_after_the_first_file_leaves_every_file_whole(show: Path) -> None:
    old = feed_files(show / "feeds")
    for rel in ("edt-1/en/episode.md", "edt-1/es/episode.md", "edt-1/ar/episode.md"):
        edit(show / "episodes" / rel, "title: \"", "title: \"New ")
    crash_after_first_rename = (
        "import os\n"
        "_replace = os.replace\n"
        "def replace(src, dst):\n"
        "    _replace(src, dst)\n"
        "    os._exit(70)\n"
        "os.replace = replace\n"
    )
    done = cli(show, code=crash_after_first_rename)
    assert done.returncode == 70, done.stderr
    crashed = feed_files(show / "feeds")
    assert crashed.keys() == old.keys()
    assert sum(crashed[name] != old[name] for name in old) == 1, "exactly the first file was replaced"
    for name, data in crashed.items():  # every file parses
        if name.endswith(".json"):
            json.loads(data)
        elif name.endswith(".xml"):
            etree.fromstring(data)

    recovered = cli(show)
    assert recovered.returncode == 0, recovered.stderr
    feeds = {name: data for name, data in feed_files(show / "feeds").items() if name.endswith("/feed.xml")}
    assert len(feeds) == 3 and all(data != old[name] for name, data in feeds.items())


def test_a_crash_mid_write_of_a_feed_leaves_the_old_feed(show: Path) -> None:
    """Only feeds (and the lock) are fsynced, so the first fsync is the en feed's: the crash hits it mid-write."""
    old = feed_files(show / "feeds")
    edit(show / "episodes/edt-1/en/episode.md", "title: \"", "title: \"New ")
    crash_in_fsync = "import os\nos.fsync = lambda fd: os._exit(71)\n"
    done = cli(show, code=crash_in_fsync)
    assert done.returncode == 71, done.stderr
    after = feed_files(show / "feeds")
    assert [Path(name).name.startswith(".feed.xml.") for name in after.keys() - old.keys()] == [True]  # its temp
    visible = {name: data for name, data in after.items() if not Path(name).name.startswith(".")}
    assert visible.keys() == old.keys()
    changed = sorted(name for name in old if visible[name] != old[name])
    # the sidecar and the pages, written whole before their feed
    assert changed == ["en/chapters/episode-sample1-en.json", "en/episodes/episode-sample1-en.html", "en/index.html"]
    assert b'"title": "New ' in visible[changed[0]]


def test_unchanged_files_keep_their_mtime(show: Path) -> None:
    files = [*sorted((show / "feeds").rglob("*.xml")), show / "edtfeed.lock"]
    for path in files:
        os.utime(path, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    result = run(show)
    assert result.exit_code == 0
    assert [path.stat().st_mtime_ns for path in files] == [1_000_000_000_000_000_000] * len(files)
    assert "0 written" in result.output


# -- telling the directories -------------------------------------------------------------------------------------


def test_websub_pings_only_for_changed_feeds(tmp_path: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/hub", method="POST").respond_with_data("", status=204)
    copy_sample_show(tmp_path)
    edit(tmp_path / "edtfeed.toml", "[output]", f'[publish]\nwebsub_hub = "{httpserver.url_for("/hub")}"\n\n[output]')
    online = ["--config", str(tmp_path / "edtfeed.toml"), "publish"]  # no --offline: the lock has every id

    first = CliRunner().invoke(main, online)
    assert first.exit_code == 0, first.output
    assert len(httpserver.log) == 3
    assert b'rel="hub"' in (tmp_path / "feeds/en/feed.xml").read_bytes()

    httpserver.clear_log()
    assert CliRunner().invoke(main, online).exit_code == 0
    assert httpserver.log == []

    edit(tmp_path / "episodes/edt-1/es/episode.md", "title: \"", "title: \"Nuevo ")
    assert CliRunner().invoke(main, online).exit_code == 0
    [(request, _)] = httpserver.log
    assert request.form["hub.url"].endswith("/es/feed.xml")


def test_edtfeed_serve_serves_the_output_dir(show: Path) -> None:
    env = cli_env()
    process = subprocess.Popen([sys.executable, "-m", "edtfeed", "--config", str(show / "edtfeed.toml"), "serve",
                                "--port", "0"], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = process.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+", line).group(0)
        response = requests.get(f"{url}/en/feed.xml", headers={"Accept": "application/rss+xml"}, timeout=5)
        assert response.status_code == 200
        assert response.headers["Content-Type"].startswith("application/rss+xml")
        assert response.content == (show / "feeds/en/feed.xml").read_bytes()
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_preview_serves_every_local_file_the_feeds_point_at_with_the_declared_type(show: Path) -> None:
    base = "https://www.example.org/feeds/"  # the sample show's [show] base_url
    declared = {}
    for feed in sorted((show / "feeds").glob("*/feed.xml")):
        for element in etree.parse(str(feed)).iter():
            url, kind = element.get("url") or element.get("href"), element.get("type")
            if url and kind and url.startswith(base):
                declared[url.removeprefix(base)] = kind
    assert any(path.endswith(".json") for path in declared) and any(p.endswith("/feed.xml") for p in declared)
    with serve(show / "feeds", port=0, quiet=True) as server:
        for path, kind in sorted(declared.items()):
            response = requests.get(f"{server.url}/{path}", headers={"Accept": "*/*"}, timeout=5)
            assert response.status_code == 200, path
            assert response.headers["Content-Type"].split(";")[0] == kind, path

"""Record as a plain frozen type: equality, immutability, pickling, copies with changes; headings as tuples."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import pytest
import yaml

from edtfeed.read.front_matter import JEKYLL
from edtfeed.read.records import read_records
from edtfeed.read.types import Heading
from tests.factories import make_config, make_record

BODIES = [
    "",
    "Intro.\n\n## First\n\nText.\n",
    "نص عربي مع عنوان\n\n## المستقبل\n",  # beyond Latin-1
    "絵文字 🎙️ and text\n" * 200,  # beyond the BMP
]


def test_records_with_the_same_fields_are_equal_and_others_differ() -> None:
    assert make_record(body="A.\n") == make_record(body="A.\n")
    assert make_record(body="A.\n") != make_record(body="B.\n")


def test_records_are_frozen() -> None:
    record = make_record(title="T")
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.title = "U"  # type: ignore[misc]


def test_pickled_records_round_trip() -> None:
    records = [make_record(body=body, headings=[Heading(2, "First", 3, 8)]) for body in BODIES]
    back = pickle.loads(pickle.dumps(records, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == records
    assert [record.body for record in back] == BODIES
    assert back[0].headings[0] == Heading(level=2, text="First", line=3, offset=8)


def test_replace_gives_a_changed_copy() -> None:
    record = make_record(body="Old.\n", title="T")
    copy = dataclasses.replace(record, body="New.\n", title="U")
    assert (copy.body, copy.title) == ("New.\n", "U")
    assert (record.body, record.title) == ("Old.\n", "T")  # the original is untouched


def test_headings_are_plain_tuples_with_names() -> None:
    heading = Heading(level=2, text="Title", line=12, offset=40)
    assert heading == (2, "Title", 12, 40)
    assert (heading.level, heading.text, heading.line, heading.offset) == (2, "Title", 12, 40)
    with pytest.raises(AttributeError):
        heading.level = 3  # type: ignore[misc]


def test_read_records_pickle(tmp_path: Path) -> None:
    episodes = tmp_path / "episodes"
    for index in (1, 2):
        folder = episodes / f"ep-{index}"
        folder.mkdir(parents=True)
        (folder / "episode.md").write_text(
            f'---\ntitle: "Episode {index}"\ndate: 2024-03-0{index}\n---\n'
            f'{{% include transistor.html id="0000000{index}" %}}\n\n## Heading {index}\n\nNotes.\n',
            encoding="utf-8",
        )
    records, problems = read_records(make_config(tmp_path))
    assert not problems and len(records) == 2
    back = pickle.loads(pickle.dumps(records))
    assert back == records
    assert sorted(r.body for r in back) == ["## Heading 1\n\nNotes.\n", "## Heading 2\n\nNotes.\n"]


YAML_CASES = """
plain: text
quoted: "2024-03-07"
forced: !!str 123
number: 7
flag: yes
date: 2024-03-07
anchor: &name shared
alias: *name
list: [a, *name, 1.5, null, ~]
base: &base {x: 1, y: two}
merged:
  <<: *base
  y: three
nested:
  - {k: v}
  - - deep
"""


def test_the_loader_builds_what_pyyaml_builds() -> None:
    fast = JEKYLL.load(YAML_CASES)
    plain = yaml.load(YAML_CASES, Loader=yaml.SafeLoader)
    assert fast == plain
    assert fast["forced"] == "123" and fast["flag"] is True and fast["number"] == 7
    assert fast["alias"] is fast["anchor"]  # an alias is the same object, as PyYAML makes it
    assert fast["merged"] == {"x": 1, "y": "three"}

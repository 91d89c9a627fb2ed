"""RSS growth of the markdown engine over 10,000 renders of a benchmark record's notes: a leak shows in MB.

    python -m bench.markdown_rss [RENDERS]

The body is the notes of the first record `bench.generate` writes (the size of a real episode's notes), rendered
by edtfeed's own `to_html`. Linux only (reads VmRSS from /proc).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from bench.generate import generate, write_config
from edtfeed.config import load_config
from edtfeed.episodes.markdown import to_html
from edtfeed.read.records import read_records

WARM_UP = 100


def rss_kb() -> int:
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


def main(argv: list[str] | None = None) -> None:
    renders = int((argv if argv is not None else sys.argv[1:] or ["10000"])[0])
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        generate(out, 1, ("en",))
        records, _problems = read_records(load_config(write_config(out, ("en",))))
    body = records[0].body
    for _ in range(WARM_UP):
        to_html(body)
    before = rss_kb()
    for _ in range(renders):
        to_html(body)
    print(f"{renders} renders of a {len(body.encode())}-byte body: RSS grew by {rss_kb() - before} KB")


if __name__ == "__main__":
    main()

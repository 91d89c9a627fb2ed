"""The floor: the least work any feed builder must do, to which every edtfeed figure is compared.

`python -m bench.floor SHOW OUT` parses each record under `SHOW/episodes` (front matter and body, with
python-frontmatter) and writes one RSS file per language with plain lxml: no dates parsed, no markdown rendered,
no audio joined, no checks. edtfeed doing real feed logic within a small multiple of this is the target.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import frontmatter
from lxml import etree

CONTENT = "http://purl.org/rss/1.0/modules/content/"


def build_floor(episodes_dir: Path, out_dir: Path) -> dict[str, int]:
    """Write `out_dir/<lang>/feed.xml` for every language found; returns items per language."""
    channels: dict[str, etree._Element] = {}
    counts: dict[str, int] = {}
    for path in sorted(episodes_dir.rglob("*.md")):
        post = frontmatter.load(path)
        lang = str(post.get("lang") or path.parent.name)
        if lang not in channels:
            rss = etree.Element("rss", version="2.0", nsmap={"content": CONTENT})
            channels[lang] = etree.SubElement(rss, "channel")
            etree.SubElement(channels[lang], "language").text = lang
        item = etree.SubElement(channels[lang], "item")
        etree.SubElement(item, "title").text = str(post.get("title", ""))
        etree.SubElement(item, "guid", isPermaLink="false").text = str(post.get("permalink", ""))
        etree.SubElement(item, "pubDate").text = str(post.get("date", ""))
        etree.SubElement(item, "description").text = etree.CDATA(str(post.get("summary", "")))
        etree.SubElement(item, f"{{{CONTENT}}}encoded").text = etree.CDATA(post.content)
        counts[lang] = counts.get(lang, 0) + 1
    for lang, channel in channels.items():
        target = out_dir / lang / "feed.xml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(etree.tostring(channel.getparent(), xml_declaration=True, encoding="UTF-8"))
    return counts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.floor", description=__doc__.splitlines()[0])
    parser.add_argument("show", type=Path, help="folder holding episodes/ (as written by bench.generate)")
    parser.add_argument("out", type=Path, help="where <lang>/feed.xml files go")
    args = parser.parse_args(argv)
    counts = build_floor(args.show / "episodes", args.out)
    print(" ".join(f"{lang}={count}" for lang, count in sorted(counts.items())))


if __name__ == "__main__":
    main()

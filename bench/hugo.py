"""Hugo on the benchmark's own records: one multilingual site, one RSS feed per language, nothing else.

`python -m bench.hugo SHOW SITE` copies `SHOW/episodes/<episode>/<lang>/episode.md` to `SITE/content/<lang>/` and
writes a minimal config (8 languages, only the home page's RSS output, no theme). Hugo renders each record's
markdown for the feed's descriptions; it does no chapters, no Podcasting 2.0 tags, no validation and no ledger, so
it is the yardstick of a fast general site builder, not of a feature match. The copy's JavaScript-style dates
(`Thu Mar 07 2024 ... GMT-0800 (...)`) are written as ISO dates, the only change: Hugo cannot read them.
bench.run times `hugo` building the site (the copy is not timed) when the `hugo` command is installed.
"""

from __future__ import annotations

import argparse
import re
import shutil
from datetime import datetime
from pathlib import Path

HUGO = "hugo"
_JS_DATE = re.compile(r"^date: (\w{3} \w{3} \d\d \d{4} \d\d:\d\d:\d\d) GMT([+-]\d{4}) \([^)]*\)$", re.MULTILINE)


def hugo_available() -> bool:
    return shutil.which(HUGO) is not None


def _iso_date(match: re.Match[str]) -> str:
    instant = datetime.strptime(f"{match[1]} {match[2]}", "%a %b %d %Y %H:%M:%S %z")
    return f"date: {instant.isoformat()}"


def write_site(show: Path, site: Path, languages: tuple[str, ...]) -> None:
    """The Hugo site of `show`'s records under `site` (replaced if present)."""
    shutil.rmtree(site, ignore_errors=True)
    for lang in languages:
        (site / "content" / lang).mkdir(parents=True)
    for record in sorted((show / "episodes").glob("*/*/episode.md")):
        lang, episode = record.parent.name, record.parent.parent.name
        text = _JS_DATE.sub(_iso_date, record.read_text(encoding="utf-8"))
        (site / "content" / lang / f"{episode}.md").write_text(text, encoding="utf-8")
    lines = [
        'baseURL = "https://bench.example.com/"',
        'title = "Bench Show"',
        'disableKinds = ["taxonomy", "term", "section", "sitemap", "robotsTXT", "404"]',
        f'defaultContentLanguage = "{languages[0]}"',
        "defaultContentLanguageInSubdir = true",
        "[outputs]",
        'home = ["RSS"]',
        "page = []",
        "[services.rss]",
        "limit = -1",
    ]
    for weight, lang in enumerate(languages, start=1):
        lines += [f"[languages.{lang}]", f'contentDir = "content/{lang}"', f"weight = {weight}",
                  f'title = "Bench Show ({lang})"']
    (site / "hugo.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def hugo_cmd(site: Path, out: Path) -> list[str]:
    """Build `site` into `out` from scratch (no cache from an earlier run)."""
    return [HUGO, "--quiet", "--source", str(site), "--destination", str(out), "--cacheDir", str(site / ".cache"),
            "--ignoreCache"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.hugo", description=__doc__.splitlines()[0])
    parser.add_argument("show", type=Path, help="folder holding episodes/ (as written by bench.generate)")
    parser.add_argument("site", type=Path, help="where the Hugo site goes")
    args = parser.parse_args(argv)
    languages = tuple(sorted({path.name for path in (args.show / "episodes").glob("*/*") if path.is_dir()}))
    write_site(args.show, args.site, languages)
    print(" ".join(hugo_cmd(args.site, args.site / "public")))


if __name__ == "__main__":
    main()

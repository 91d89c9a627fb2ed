"""CONTRIBUTING.md's module map, made from the tree: every module with the first sentence of its docstring.

`PYTHONPATH=src python -m tests.layout_map` rewrites the map between its markers; tests/test_layout.py fails when
the map and the tree disagree, so the map cannot drift from the code.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src" / "edtfeed"
CONTRIBUTING = REPO / "CONTRIBUTING.md"
BEGIN, END = "<!-- module-map:begin (PYTHONPATH=src python -m tests.layout_map) -->", "<!-- module-map:end -->"


def summary(path: Path) -> str:
    """The first sentence of a module's docstring, on one line ('' when it has none)."""
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    paragraph = " ".join(doc.strip().split("\n\n")[0].split())
    match = re.match(r"(.+?\.)(?:\s|$)", paragraph)
    return (match.group(1) if match else paragraph).replace("|", "\\|")


def module_map() -> str:
    """The map as markdown: one row per module, packages in path order."""
    rows = ["| module | what it is for |", "|---|---|"]
    for path in sorted(SRC.rglob("*.py"), key=lambda p: p.relative_to(SRC).parts):
        rel = path.relative_to(SRC)
        name = f"{rel.parent}/" if rel.name == "__init__.py" and rel.parent.parts else str(rel)
        rows.append(f"| `{name}` | {summary(path)} |")
    return "\n".join([BEGIN, *rows, END])


def current(text: str) -> str | None:
    """The map as CONTRIBUTING.md has it now, markers included; None without markers."""
    start, end = text.find(BEGIN), text.find(END)
    return None if start < 0 or end < 0 else text[start:end + len(END)]


def main() -> None:
    text = CONTRIBUTING.read_text(encoding="utf-8")
    old = current(text)
    if old is None:
        raise SystemExit(f"{CONTRIBUTING.name} has no module-map markers")
    CONTRIBUTING.write_text(text.replace(old, module_map()), encoding="utf-8")
    print(f"rewrote the module map in {CONTRIBUTING.name}")


if __name__ == "__main__":
    main()

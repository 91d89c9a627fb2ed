"""The package layout is the pipeline: a stage imports only earlier stages and the shared modules, never a later
stage nor the runner (runner/); the shared modules import no stage."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "edtfeed"
STAGES = ("read", "resolve", "episodes", "ledger", "render", "runner")  # in the order a run takes them
SHARED = ("categories", "config", "constants", "diagnostics", "errors", "fsutil", "http", "keylines", "languages",
          "lock", "placeholders", "prefixes", "runlock", "timecode")
ENTRY_POINTS = ("cli", "serve", "__main__", "__init__", "init", "install_line")  # commands, what they print


def _imports(path: Path) -> set[str]:
    """The edtfeed modules a file imports (absolute imports; the project uses no relative ones)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name.split(".")[1] for name in names if name.startswith("edtfeed.")}


def _unit(path: Path) -> str:
    rel = path.relative_to(SRC)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


MODULES = sorted(SRC.rglob("*.py"))


def test_every_stage_is_a_package() -> None:
    assert all((SRC / stage / "__init__.py").is_file() for stage in STAGES)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_imports_follow_the_pipeline(path: Path) -> None:
    unit = _unit(path)
    used = _imports(path) - {unit}
    if unit in ENTRY_POINTS:
        return
    if unit in SHARED:
        assert not used & set(STAGES + ("validate",)), f"{unit} is shared by every stage and must import none"
        return
    if unit == "validate":  # the checker may read records and config, never what builds the feeds
        assert not used & {"episodes", "ledger", "render", "runner"}, used
        return
    assert unit in STAGES, f"{path} is neither a stage, a shared module nor an entry point: place it"
    later = set(STAGES[STAGES.index(unit) + 1:]) | {"validate"} - ({"validate"} if unit == "runner" else set())
    assert not used & later, f"{unit} imports the later stage(s) {sorted(used & later)}"


def test_the_check_sees_a_backward_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("from edtfeed.render.feed import render_feed\nimport edtfeed.runner.cache\n", encoding="utf-8")
    assert _imports(module) == {"render", "runner"}


def test_contributing_maps_every_module() -> None:
    """The module map in CONTRIBUTING.md is the tree's: regenerate it with `python -m tests.layout_map`."""
    from tests.layout_map import CONTRIBUTING, current, module_map

    assert current(CONTRIBUTING.read_text(encoding="utf-8")) == module_map(), \
        "CONTRIBUTING.md's module map is stale: run `PYTHONPATH=src python -m tests.layout_map`"


def test_the_map_check_sees_a_module_left_out() -> None:
    """The check compares the whole map: a CONTRIBUTING.md missing one module's row is stale."""
    from tests.layout_map import CONTRIBUTING, current, module_map

    text = CONTRIBUTING.read_text(encoding="utf-8")
    row = next(line for line in module_map().splitlines() if line.startswith("| `runner/language.py` |"))
    assert current(text.replace(row + "\n", "")) != module_map()


def _contributing_names(start: str, end: str) -> set[str]:
    """The modules CONTRIBUTING.md names (in backticks) between `start` and the next `end`, as SHARED spells them."""
    from tests.layout_map import CONTRIBUTING

    text = " ".join(CONTRIBUTING.read_text(encoding="utf-8").split())
    part = text[text.index(start):]
    part = part[:part.index(end)]
    return {name.removesuffix(".py").removesuffix("/") for name in re.findall(r"`([\w/]+(?:\.py|/))`", part)}


def test_contributing_lists_the_shared_modules_and_the_commands() -> None:
    """CONTRIBUTING's paragraph of shared modules names exactly the SHARED above (a new shared module is listed
    there, and nothing else is), and its sentence on the commands names every entry point a person runs."""
    assert _contributing_names("Shared by every stage, importing none:", ". One home") == set(SHARED)
    assert _contributing_names("The commands are", "Where is tag") >= set(ENTRY_POINTS) - {"__main__", "__init__"}

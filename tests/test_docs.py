"""The docs: the site builds with `mkdocs build --strict`, its reference pages list every config key, command and
rule of the code, and the README keeps the commands of a fresh machine that CI runs."""

from __future__ import annotations

import importlib.util
import logging
import re
import shlex
import sys
import types
from pathlib import Path
from typing import Any

import pytest
from lxml import html

from edtfeed.config import RUN_FIELDS

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
# Hand-written pages a podcaster reads; the generated reference quotes rule texts as the validator prints them.
USER_PAGES = [README, *sorted(DOCS.glob("*.md"))]

mkdocs_config = pytest.importorskip("mkdocs.config")  # the [test] extra installs it; a bare checkout skips


def _reference() -> types.ModuleType:
    """docs/reference.py, the hook that generates the reference pages, as the tests' own module."""
    spec = importlib.util.spec_from_file_location("docs_reference", DOCS / "reference.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up
    spec.loader.exec_module(module)
    return module


reference = _reference()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site as `mkdocs build --strict` writes it: any warning (a broken link or anchor, a page left out of the
    navigation, a failing generator) aborts the build and fails every test that reads a page."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort

    out = tmp_path_factory.mktemp("site")
    warnings: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            warnings.append(record.getMessage())

    handler = Collect(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(handler)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NO_MKDOCS_2_WARNING", "1")  # the theme's notice about its future, printed on every build
        try:
            build(mkdocs_config.load_config(config_file=str(ROOT / "mkdocs.yml"), site_dir=str(out), strict=True))
        except Abort as exc:
            pytest.fail(f"mkdocs build --strict: {exc}\n" + "\n".join(warnings))
        finally:
            logging.getLogger("mkdocs").removeHandler(handler)
    return out


def _page(site: Path, name: str) -> Any:
    return html.fromstring((site / name / "index.html").read_text(encoding="utf-8"))


def test_mkdocs_build_strict_passes(site: Path) -> None:
    for page in ("configuration", "commands", "messages", "rules", "getting-started"):
        assert (site / page / "index.html").is_file()
    assert (site / "search" / "search_index.json").is_file()  # the search box has an index


# -- the configuration reference ---------------------------------------------------------------------------------

def _schema_keys() -> set[str]:
    """Every key of edtfeed.toml by the config model's JSON schema, walked apart from the generator's own walk:
    `<lang>` for a table per language, `[]` for each entry of a list of tables."""
    from edtfeed.config import Config

    schema = Config.model_json_schema()
    defs = schema.get("$defs", {})

    def resolve(node: dict[str, Any]) -> dict[str, Any]:
        node = next((option for option in node.get("anyOf", []) if option.get("type") != "null"), node)
        return defs[node["$ref"].rsplit("/", 1)[1]] if "$ref" in node else node

    def walk(node: dict[str, Any], prefix: str) -> set[str]:
        keys: set[str] = set()
        for name, child in node["properties"].items():
            if not prefix and name in RUN_FIELDS:  # set by the loader, not written in the file
                continue
            path = f"{prefix}.{name}" if prefix else name
            child = resolve(child)
            if "properties" in child:  # a table: [show], [episodes], …
                keys |= walk(child, path)
                continue
            keys.add(path)
            if isinstance(child.get("additionalProperties"), dict) and "properties" in resolve(
                    child["additionalProperties"]):
                keys |= walk(resolve(child["additionalProperties"]), f"{path}.<lang>")
            elif "items" in child and "properties" in resolve(child["items"]):
                keys |= walk(resolve(child["items"]), f"{path}[]")
        return keys

    return walk(schema, "")


def test_the_configuration_page_lists_every_key_of_the_model(site: Path) -> None:
    page = _page(site, "configuration")
    # Each key is a heading followed by its path in code: `show.languages.<lang>.spoken` · text · optional
    listed = {heading.getnext().find("code").text_content() for heading in page.iter("h3")}
    expected = _schema_keys()
    assert len(expected) > 40  # the walk found the nested tables
    assert listed == expected, (f"missing: {sorted(expected - listed)}; not keys: {sorted(listed - expected)}")
    said = {heading.get("id"): " ".join(heading.getnext().text_content().split()) for heading in page.iter("h3")}
    assert said["show.title"] == "show.title · text · required"
    assert said["show.timezone"] == 'show.timezone · text · default: "UTC"'
    assert said["transistor.page_size"] == "transistor.page_size · whole number (from 1 to 1,000) · default: 100"
    assert said["chapters.opening"].startswith("chapters.opening · one of title, introduction")


def test_every_key_has_a_description_and_every_description_a_key(monkeypatch: pytest.MonkeyPatch) -> None:
    assert reference.description_problems() == []
    keys = dict(reference.KEYS)
    del keys["output.max_notes_bytes"]
    keys["output.old_key"] = "A key the model no longer has."
    monkeypatch.setattr(reference, "KEYS", keys)
    problems = reference.description_problems()
    assert len(problems) == 2
    assert "output.max_notes_bytes: no description" in problems[0]
    assert "output.old_key: described" in problems[1]
    with pytest.raises(ValueError, match="out of date"):
        reference.config_reference()  # so the site does not build either


def test_a_page_without_its_marker_fails_the_build() -> None:
    reference.on_pre_build(None)
    reference.on_page_markdown("# Commands\n\n<!-- generated: commands -->\n", "commands.md", None, None)
    with pytest.raises(ValueError, match="config, exit-codes, rules"):
        reference.on_post_build(None)
    with pytest.raises(ValueError, match="unknown marker"):
        reference.on_page_markdown("<!-- generated: nothing -->", "x.md", None, None)


# -- commands, exit codes, rules ---------------------------------------------------------------------------------

def test_the_commands_page_lists_every_command_and_option(site: Path) -> None:
    import click

    from edtfeed.cli import main

    page = _page(site, "commands")
    ctx = click.Context(main, info_name="edtfeed")
    names = main.list_commands(ctx)
    assert {"publish", "validate", "resolve", "serve", "init", "chapters"} <= set(names)
    for name in names:
        command = main.get_command(ctx, name)
        section = page.get_element_by_id(name)
        assert section.text_content().startswith(f"edtfeed {name}")
        text = ""
        for sibling in section.itersiblings():  # the section runs to the next command's heading
            if sibling.tag == "h2":
                break
            text += sibling.text_content()
        for param in command.params:
            for flag in param.opts if isinstance(param, click.Option) else ():
                assert flag in text, f"edtfeed {name}: {flag} is not on the commands page"
        assert " ".join((command.help or "").split()[:4]) in " ".join(text.split())


def test_the_exit_codes_and_rules_are_listed(site: Path) -> None:
    from edtfeed import errors
    from edtfeed.validate import RULES

    rows = {row.findtext("td").strip() for row in _page(site, "messages").iter("tr") if row.findtext("td")}
    codes = {str(value) for name, value in vars(errors).items() if name.startswith("EXIT_")}
    assert codes == {"0", "1", "2", "3", "4", "5", "130", "143"} and codes <= rows
    rules = _page(site, "rules")
    for rule in RULES:
        assert rules.get_element_by_id(rule.id).text_content() == rule.id


# -- the README and the user pages -------------------------------------------------------------------------------

def _first_commands() -> list[str]:
    """The commands of the README's first screen, comments dropped."""
    text = README.read_text(encoding="utf-8")
    block = text[text.index("```sh\n") + len("```sh\n"):]
    return [line.split("  #")[0].strip() for line in block[:block.index("\n```")].splitlines()]


def test_the_readme_first_screen_has_the_two_commands_of_a_fresh_machine() -> None:
    publish, tests = _first_commands()
    assert README.read_text(encoding="utf-8").index("```sh") < 800  # the first thing after the introduction
    assert publish == "python3 -m venv .venv && . .venv/bin/activate && pip install . && edtfeed publish"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert tests == ci[-1], "the README's test command must be exactly what .ci/run runs"
    assert shlex.split(tests)[-3:] == ["python", "-m", "pytest"]


def test_the_readme_is_short_and_its_links_resolve() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 150
    links = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text)
    local = [link for link in links if "://" not in link]
    assert len(local) >= 10
    for link in local:
        assert (ROOT / link).exists(), f"README links to {link}, which does not exist"


@pytest.mark.parametrize("path", USER_PAGES, ids=lambda p: p.name)
def test_numbered_steps_count_up_from_one(path: Path) -> None:
    """Lists (`1.`, `2.`, …) and the numbered comments of a command block (`# 1.`) number 1, 2, 3, … ."""
    lines = path.read_text(encoding="utf-8").splitlines()
    expected: dict[str, int] = {}
    for line in lines:
        item = re.match(r"^(\s*)(\d+)\. ", line)
        if item:
            indent = item.group(1)
            assert int(item.group(2)) == expected.get(indent, 1), f"{path.name}: {line!r}"
            expected[indent] = int(item.group(2)) + 1
        elif line.strip() and not line.startswith(" "):  # a paragraph or heading ends the list
            expected.clear()
    comments = [int(number) for number in re.findall(r"  # (\d+)\.", "\n".join(lines))]
    assert comments == list(range(1, len(comments) + 1)), f"{path.name}: command comments {comments}"


# Internals that mean nothing to a podcaster (issue 23): how files are written, which library does what.
DEVELOPER_TALK = ("temp file", "byte-identical", "CLDR", "Babel", "nh3", "ammonia", "UUIDv5", "gzip", "bytes=",
                  "fork", "mtime", "src/edtfeed", "pydantic", "edtfeed.build", "issue ")


@pytest.mark.parametrize("path", USER_PAGES, ids=lambda p: p.name)
def test_user_pages_have_no_developer_talk(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    found = [word for word in DEVELOPER_TALK if word.lower() in text.lower()]
    assert not found, f"{path.name} talks about {found}"



def test_an_exit_code_without_a_meaning_fails_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    from edtfeed import errors

    monkeypatch.setattr(errors, "EXIT_NEW", 9, raising=False)
    with pytest.raises(ValueError, match="EXIT_NEW: no meaning in EXIT_CODES"):
        reference.exit_codes_reference()

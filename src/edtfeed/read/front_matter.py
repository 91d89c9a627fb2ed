"""A record's front matter, read with python-frontmatter through a handler that speaks Jekyll.

Jekyll's rules, which python-frontmatter's default YAML handler does not follow exactly: the file's first line is
`---`; the front matter ends at the next line that is `---` or `...` (blanks may follow, `----` does not close it).
The handler loads the YAML with PyYAML's safe loader (libyaml when present), refuses alias bombs before anything
is built, and turns every YAML error into a RecordError that names the line in the file.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import frontmatter
import yaml
from yaml.nodes import ScalarNode

from edtfeed.errors import RecordError

MAX_ALIASES = 10  # front matter never needs more than a handful; a few lines of them can expand to billions

_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: same results, much faster
_STR_TAG = "tag:yaml.org,2002:str"
_YAML_DATE_VALUE = re.compile(
    r"^[^\n#]*?(?::|-)[ \t]+(?P<year>\d{4})-(?P<month>\d\d?)-(?P<day>\d\d?)(?![\d-])", re.MULTILINE
)


class _Loader(_BASE_LOADER):  # type: ignore[valid-type,misc]
    """PyYAML's safe loader, with its commonest case made direct: a string scalar is its own value.

    Most front matter nodes are strings (tags, guests, titles); PyYAML's generic construct_object spends several
    Python calls on each (memo table, recursion guard, tag dispatch) to return `node.value`. The result is the
    same object PyYAML returns, also for aliases, since they share the node.
    """

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node.tag == _STR_TAG and node.__class__ is ScalarNode:
            return node.value
        return super().construct_object(node, deep)


class JekyllFrontMatter(frontmatter.YAMLHandler):  # type: ignore[misc]
    """python-frontmatter's YAML handler with Jekyll's boundaries; errors carry the line in the file."""

    FM_BOUNDARY = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)

    def detect(self, text: str) -> bool:
        end = text.find("\n")
        return (text if end == -1 else text[:end]).rstrip() == "---"

    def split(self, text: str) -> tuple[str, str]:
        """(front matter YAML, body); the YAML starts at file line 2, the body right after the closing line."""
        try:
            _, yaml_text, body = self.FM_BOUNDARY.split(text, 2)
        except ValueError:
            raise RecordError("the front matter is never closed: add a line `---` after its last key", 1) from None
        return yaml_text[1:], body[1:]  # each part starts with the newline that ended the boundary line

    def load(self, fm: str, **kwargs: object) -> dict[str, Any]:
        """The front matter as a dict with text keys."""
        _check_aliases(fm)
        try:
            data = yaml.load(fm, Loader=_Loader)
        except yaml.MarkedYAMLError as exc:
            raise _syntax_error(exc) from None
        except yaml.YAMLError as exc:
            raise RecordError(f"invalid YAML in the front matter: {exc}", 1) from None
        except ValueError as exc:  # a YAML timestamp that is no real date, e.g. 2024-13-45
            raise RecordError(
                f"a front matter value is not a valid date ({exc}): correct it or quote it", _bad_timestamp_line(fm)
            ) from None
        if data is None:
            return {}
        if not isinstance(data, dict):
            raise RecordError("the front matter is not a set of `key: value` lines", 2)
        if all(isinstance(key, str) for key in data):
            return data
        return {str(key): value for key, value in data.items()}  # `1:` or `yes:` load as an int and a bool


JEKYLL = JekyllFrontMatter()


def _syntax_error(exc: yaml.MarkedYAMLError) -> RecordError:
    """The YAML error at its file line, with what usually causes it."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 2 if mark is not None else 1
    where = ""
    context_mark = exc.context_mark
    if exc.context and context_mark and context_mark.line + 2 != line and "block mapping" not in exc.context:
        where = f" ({exc.context} that starts at line {context_mark.line + 2})"
    elif exc.problem == "did not find expected key":
        where = " (an unclosed quote on an earlier line does this too)"
    return RecordError(
        f"invalid YAML in the front matter: {exc.problem}{where}: fix the syntax "
        "(quote values that contain ': ' or start with a quote, [, {, *, & or %)",
        line,
    )


def _check_aliases(yaml_text: str) -> None:
    """RecordError when the front matter uses more than MAX_ALIASES aliases (`*name`).

    Counted on the token stream (linear in the text, nothing expanded), so an alias bomb costs only its record.
    """
    if "*" not in yaml_text:
        return  # no alias can occur
    count = 0
    try:
        for token in yaml.scan(yaml_text, Loader=yaml.SafeLoader):
            if isinstance(token, yaml.AliasToken):
                count += 1
                if count > MAX_ALIASES:
                    raise RecordError(
                        f"the front matter uses more than {MAX_ALIASES} YAML aliases (`*name`): write the values "
                        "out instead", token.start_mark.line + 2)
    except yaml.YAMLError:
        return  # the loader reports the syntax error with its line


def _bad_timestamp_line(yaml_text: str) -> int:
    """File line of the first unquoted YYYY-MM-DD value that is no calendar date (YAML refused it)."""
    for match in _YAML_DATE_VALUE.finditer(yaml_text):
        try:
            date(int(match["year"]), int(match["month"]), int(match["day"]))
        except ValueError:
            return yaml_text.count("\n", 0, match.start()) + 2
    return 1

"""The Jinja2 templates the HTML pages are rendered from, and the podcaster's folder that overrides them.

Shipped templates live in `edtfeed/data/templates/`. `[output] templates` names a folder whose files replace the
shipped ones of the same name (mkdocs' `custom_dir`); a replacement can also extend the shipped template it
replaces as `edtfeed/<name>` and change only a block. Autoescape is on, undefined names are errors, and what a
template is given is plain data: show notes arrive as `Markup` that nh3 already sanitised (render/page.py), so no
template can put a record's raw HTML on a page.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from edtfeed.errors import ConfigError

SHIPPED = "edtfeed"  # the prefix that always names a shipped template: {% extends "edtfeed/show.html" %}
_MAX_TEMPLATE_BYTES = 1_000_000  # a podcaster's template is a page, not a data file
_KEY = "[output] templates"


def shipped_folder() -> Path:
    return Path(str(resources.files("edtfeed").joinpath("data/templates")))


class _BoundedLoader(jinja2.FileSystemLoader):
    """The podcaster's folder: a file too large to be a template is a config error, not a memory hog."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        for folder in self.searchpath:
            path = Path(folder) / template
            if path.is_file() and path.stat().st_size > _MAX_TEMPLATE_BYTES:
                raise ConfigError(f"{path}: larger than {_MAX_TEMPLATE_BYTES} bytes; is it a template? ({_KEY})")
        return super().get_source(environment, template)


@lru_cache(maxsize=8)
def environment(folder: Path | None) -> jinja2.Environment:
    """The page templates: `folder`'s files (if given) over the shipped ones."""
    shipped = jinja2.FileSystemLoader(shipped_folder())
    loaders: list[jinja2.BaseLoader] = [jinja2.PrefixLoader({SHIPPED: shipped})]
    if folder is not None:
        if not folder.is_dir():
            raise ConfigError(f"{_KEY} = {str(folder)!r}: no such folder (the path is relative to the config file)")
        loaders.insert(0, _BoundedLoader(folder))
    loaders.append(shipped)
    return jinja2.Environment(loader=jinja2.ChoiceLoader(loaders), autoescape=True, undefined=jinja2.StrictUndefined,
                              trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def render(folder: Path | None, name: str, **context: Any) -> bytes:
    """Template `name` filled with `context`, as UTF-8; a broken override is a message naming its file and line."""
    try:
        return environment(folder).get_template(name).render(**context).encode("utf-8")
    except jinja2.TemplateSyntaxError as exc:
        raise ConfigError(f"{exc.filename or exc.name}:{exc.lineno}: {exc.message} ({_KEY})") from None
    except jinja2.TemplateError as exc:
        raise ConfigError(f"{_where(exc)}cannot render {name}: {exc} ({_KEY}; docs/pages.md lists what a "
                          "template is given)") from None


def _where(exc: BaseException) -> str:
    """`file:line: ` of the template frame a rendering error was raised in, if Jinja kept it."""
    tb = exc.__traceback__
    found = ""
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".css", ".js")):
            found = f"{filename}:{tb.tb_lineno}: "
        tb = tb.tb_next
    return found

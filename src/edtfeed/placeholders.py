"""Texts a template leaves behind (`…`, `TBD`, `Title`, `Summary`), never meant to be published.

Why one list: `init`'s commented per-language `title = "…"`, uncommented, published `<title>…</title>` in a feed
while records already had their own check. Records and the config now ask the same question here.
"""

from __future__ import annotations

# Compared lowercased, whitespace collapsed, without surrounding dots and ellipses.
PLACEHOLDERS = frozenset({"", "title", "summary", "description", "tbd", "tba", "todo", "placeholder", "lorem ipsum"})


def is_placeholder(text: str) -> bool:
    """True for `…`, `...`, `TBD`, `Title`, `Summary` and the like, in any case."""
    return " ".join(text.split()).strip(" .…").lower() in PLACEHOLDERS

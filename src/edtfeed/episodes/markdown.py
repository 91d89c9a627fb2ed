"""Markdown, one engine for everything: show notes to HTML, and a heading's inline markdown to plain text.

CommonMark with GitHub's table extension and raw HTML kept: records are the podcaster's own show notes, and their
HTML (`<details>`, embeds) must survive. The engine is comrak (Rust, through its Python binding's public
`render_markdown`), which writes cmark-gfm's HTML byte for byte, is fuzzed upstream, and frees everything it
allocates: cmarkgfm's public helpers leak the document tree and the HTML string of every call (over 200 MB in
10,000 renders of a 5 KB body; see bench/markdown_rss.py), and freeing them needed its private module and libc.
A markdown engine that can crash on a stray backtick would let one record's notes end a whole publish.
"""

from __future__ import annotations

import html
import re

import comrak

_EXTENSIONS = comrak.ExtensionOptions()
_EXTENSIONS.table = True
_RENDER = comrak.RenderOptions()
_RENDER.unsafe_ = True  # keep raw HTML and every link as written (the notes are trusted)


def _render(text: str) -> str:
    """CommonMark with the table extension, as HTML."""
    return comrak.render_markdown(text, extension_options=_EXTENSIONS, render_options=_RENDER)


# Real records carry stray tags after heading text (`## Title<h2>`), which would leave unclosed <h2>s in the notes.
_STRAY_HEADING_TAG_RE = re.compile(r"^( {0,3}#{1,6}[ \t].*?)[ \t]*(?:</?h[1-6]>[ \t]*)+$", re.MULTILINE | re.IGNORECASE)
# Tried at every line start, the pattern above is slow; a plain search for the tag rules most bodies out first.
_HEADING_TAG_RE = re.compile(r"</?h[1-6]>", re.IGNORECASE)


def to_html(text: str) -> str:
    """Show notes as HTML (CommonMark with tables), without surrounding whitespace."""
    if _HEADING_TAG_RE.search(text):
        text = _STRAY_HEADING_TAG_RE.sub(r"\1", text)
    return _render(text).strip()


# What cmark writes for one heading: tags are its own (`<em>`, `<a href="…">`, `<img … alt="…" />`) or the raw
# HTML of the source, passed through; an image is replaced by its alt text, every other tag dropped.
_IMAGE_RE = re.compile(r'<img src="[^"]*" alt="(?P<alt>[^"]*)"(?: title="[^"]*")? />')
_TAG_RE = re.compile(r"<[^<>]*>")
_INLINE_SYNTAX_RE = re.compile(r"[*_\[\]`!&<\\]")


def inline_text(markdown: str) -> str:
    """The plain text of one line of inline markdown: emphasis and links unwrapped, code kept, images as their
    alt text, entities decoded, HTML tags dropped, line breaks as spaces."""
    if not _INLINE_SYNTAX_RE.search(markdown):
        return markdown  # most headings are plain words: no parsing needed
    # As an ATX heading's content the line is parsed as inline markdown only: `1. Intro` stays text, not a list.
    rendered = to_html("# " + " ".join(markdown.split()))
    inner = rendered.removeprefix("<h1>").removesuffix("</h1>")
    inner = _IMAGE_RE.sub(lambda match: match["alt"], inner)
    return html.unescape(_TAG_RE.sub("", inner.replace("<br />", " ")))

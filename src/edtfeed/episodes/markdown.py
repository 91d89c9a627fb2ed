"""Markdown, one engine for everything: show notes to HTML, and a heading's inline markdown to plain text.

cmark-gfm (GitHub's CommonMark reference implementation in C, through cmarkgfm) with its table extension and
raw HTML kept: records are the podcaster's own show notes, and their HTML (`<details>`, embeds) must survive.
It is linear in its input by design and fuzzed continuously upstream; a markdown engine that can crash on a
stray backtick would let one record's notes end a whole publish.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import html
import re

from cmarkgfm import _cmark, cmark

_OPTIONS = cmark.Options.CMARK_OPT_UNSAFE  # keep raw HTML and every link as written (the notes are trusted)
cmark.core_extensions_ensure_registered()
_TABLE = cmark.find_syntax_extension("table")
# cmarkgfm's own markdown_to_html* never free the document tree nor the rendered string (tens of KB per call:
# a 10,000-record build grew by hundreds of MB). The same library, called so that both are freed: the tree with
# cmark's cmark_node_free (exported by cmarkgfm's extension module), the string with the C library's free, which
# cmark's default allocator uses.
_NODE_FREE = ctypes.CDLL(_cmark.__file__).cmark_node_free
_NODE_FREE.argtypes, _NODE_FREE.restype = [ctypes.c_void_p], None
_FREE = ctypes.CDLL(ctypes.util.find_library("c")).free
_FREE.argtypes, _FREE.restype = [ctypes.c_void_p], None


def _address(pointer: object) -> int:
    return int(_cmark.ffi.cast("uintptr_t", pointer))


def _render(text: str) -> str:
    """CommonMark with the table extension, as HTML; everything cmark allocated is freed."""
    parser = cmark.parser_new(options=_OPTIONS)
    try:
        cmark.parser_attach_syntax_extension(parser, _TABLE)
        cmark.parser_feed(parser, text)
        root = cmark.parser_finish(parser)
        try:
            raw = _cmark.lib.cmark_render_html(root, _OPTIONS, cmark.parser_get_syntax_extensions(parser))
            try:
                return _cmark.ffi.string(raw).decode("utf-8")
            finally:
                _FREE(_address(raw))
        finally:
            _NODE_FREE(_address(root))
    finally:
        cmark.parser_free(parser)

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

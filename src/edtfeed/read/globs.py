"""Path globs for `[episodes] exclude`: `*` and `?` stay within one folder, `**` spans folders.

fnmatch lets `*` cross `/`, and pathlib's match anchors from the right; neither says what a user of
`drafts/*.md` or `**/old/*.md` means, so patterns are translated to one anchored regex here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def glob_to_regex(pattern: str) -> str:
    """Regex source (to fullmatch a POSIX relative path) for one glob.

    `*` any run of characters but `/`; `?` one character but `/`; `[abc]`, `[!abc]` a class;
    `**/` zero or more folders; a trailing `/**` or a lone `**` everything below.
    """
    glob = pattern.strip().removeprefix("./").strip("/")
    out: list[str] = []
    i, n = 0, len(glob)
    while i < n:
        char = glob[i]
        if char == "*":
            j = i
            while j < n and glob[j] == "*":
                j += 1
            whole_segment = j - i >= 2 and (i == 0 or glob[i - 1] == "/")
            if whole_segment and j < n and glob[j] == "/":
                out.append("(?:.*/)?")
                j += 1
            elif whole_segment and j == n:
                out.append(".*")
            else:
                out.append("[^/]*")
            i = j
        elif char == "?":
            out.append("[^/]")
            i += 1
        elif char == "[" and (end := glob.find("]", i + 2)) != -1:
            body = glob[i + 1 : end].replace("\\", "\\\\")
            out.append("[^/" + body[1:] + "]" if body.startswith("!") else "[" + body + "]")
            i = end + 1
        else:
            out.append(re.escape(char))
            i += 1
    return "".join(out)


def compile_globs(patterns: Iterable[str]) -> re.Pattern[str] | None:
    """One regex matching any of `patterns` (blank ones ignored); None when there are none."""
    sources = [glob_to_regex(pattern) for pattern in patterns if pattern.strip().strip("/")]
    if not sources:
        return None
    return re.compile("|".join(f"(?:{source})" for source in sources))

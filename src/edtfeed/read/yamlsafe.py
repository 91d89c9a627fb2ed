"""A cap on YAML aliases, checked before the front matter is built.

A few lines of anchors and aliases expand to billions of nodes (16-23 s and 1-2 GB for one record, then
MemoryError for the whole run). Front matter never needs more than a handful of aliases, so counting them on
the token stream (linear in the text, nothing expanded) and refusing the record costs only that record.
"""

from __future__ import annotations

import yaml

from edtfeed.errors import RecordError

MAX_ALIASES = 10


def check_aliases(yaml_text: str) -> None:
    """RecordError when the front matter uses more than MAX_ALIASES aliases (`*name`)."""
    if "*" not in yaml_text:
        return  # no alias can occur: the common case costs one scan for a character
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

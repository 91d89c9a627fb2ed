"""edtfeed.toml: the show's settings, validated at the boundary so every later step can trust them.

`schema` holds the models, `loading` reads one file and explains its mistakes at their lines, `shows` turns a
config with `[shows.NAME]` tables into one plain `Config` per show. Import from here: the split is this
package's own business.

Only `config_path` is imported up front (config/path.py): the rest load pydantic and the models, which a publish
run that changed nothing never needs (runner/replay.py), so they are imported on first use (PEP 562).
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from edtfeed.config.path import CONFIG_ENV, DEFAULT_CONFIG, config_path

if TYPE_CHECKING:
    from edtfeed.config.loading import RUN_FIELDS, SHOWS_KEY, load_config
    from edtfeed.config.schema import (
        DEFAULT_API_URL,
        EMAIL,
        ChaptersConfig,
        Config,
        EpisodesConfig,
        HostConfig,
        LanguageOverride,
        OutputConfig,
        PublishConfig,
        ShowConfig,
        SpokenChoice,
        TransistorConfig,
    )
    from edtfeed.config.shows import SHOW_TABLES, load_shows

_LAZY = {
    **dict.fromkeys(("RUN_FIELDS", "SHOWS_KEY", "load_config"), "loading"),
    **dict.fromkeys(("SHOW_TABLES", "load_shows"), "shows"),
    **dict.fromkeys(("DEFAULT_API_URL", "EMAIL", "ChaptersConfig", "Config", "EpisodesConfig", "HostConfig",
                     "LanguageOverride", "OutputConfig", "PublishConfig", "ShowConfig", "SpokenChoice",
                     "TransistorConfig"), "schema"),
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"edtfeed.config.{_LAZY[name]}"), name)
    globals()[name] = value
    return value


__all__ = [
    "CONFIG_ENV", "DEFAULT_API_URL", "DEFAULT_CONFIG", "EMAIL", "RUN_FIELDS", "SHOWS_KEY", "SHOW_TABLES", "ChaptersConfig",
    "Config", "EpisodesConfig", "HostConfig", "LanguageOverride", "OutputConfig", "PublishConfig", "ShowConfig",
    "SpokenChoice", "TransistorConfig", "config_path", "load_config", "load_shows",
]

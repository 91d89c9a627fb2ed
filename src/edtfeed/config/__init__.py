"""edtfeed.toml: the show's settings, validated at the boundary so every later step can trust them.

`schema` holds the models, `loading` reads one file and explains its mistakes at their lines, `shows` turns a
config with `[shows.NAME]` tables into one plain `Config` per show. Import from here: the split is this
package's own business.
"""

from edtfeed.config.loading import CONFIG_ENV, DEFAULT_CONFIG, RUN_FIELDS, SHOWS_KEY, config_path, load_config
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

__all__ = [
    "CONFIG_ENV", "DEFAULT_API_URL", "DEFAULT_CONFIG", "EMAIL", "RUN_FIELDS", "SHOWS_KEY", "SHOW_TABLES", "ChaptersConfig",
    "Config", "EpisodesConfig", "HostConfig", "LanguageOverride", "OutputConfig", "PublishConfig", "ShowConfig",
    "SpokenChoice", "TransistorConfig", "config_path", "load_config", "load_shows",
]

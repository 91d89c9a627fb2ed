"""`edtfeed publish`: build every language's feed when something changed, replay the last run when nothing did.

The pipeline itself (read records -> resolve audio -> build episodes -> render feeds -> write what changed) is
edtfeed.runner.show; it is imported only when there is something to build, and this module imports only what
telling an unchanged run needs (runner/replay.py): a run that changed nothing loads neither pydantic, the markdown
renderer, feedgen, the HTTP client nor the rule table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from edtfeed.runner.replay import RunInputs, ShowPlaces, options_key, replayed
from edtfeed.runner.results import PublishOptions, PublishResult

if TYPE_CHECKING:
    from edtfeed.config import Config
    from edtfeed.runner.cache import BuildCache

__all__ = ["PublishOptions", "PublishResult", "publish", "show_places"]


def publish(config: Config, options: PublishOptions = PublishOptions()) -> PublishResult:
    """Build every language's feed; broken records are reported and skipped, the rest publishes.

    With the cache, a run whose inputs did not change replays the last result without reading anything; otherwise
    only changed records are re-read, and only languages whose items changed are re-rendered and re-checked.
    """
    from edtfeed.runner.cache import BuildCache

    cache = BuildCache.open(config, save=not options.dry_run) if options.cache else BuildCache.disabled()
    try:
        return _publish(config, options, cache)
    finally:
        cache.close()


def _publish(config: Config, options: PublishOptions, cache: BuildCache) -> PublishResult:
    from edtfeed.read.files import episode_files

    files = episode_files(config)
    out_dir = options.out_dir or config.output_dir
    inputs = RunInputs.taken(files, out_dir, options)
    if options.replayable:
        previous_run = cache.last_run(files, options_key(out_dir, options), config.lock_path)
        if previous_run is not None:
            return replayed(previous_run)

    from edtfeed.runner.show import build_show  # here, not at the top: see the module docstring

    return build_show(config, options, cache, files, out_dir, inputs)


def show_places(name: str, config: Config) -> ShowPlaces:
    """What replay_config needs to know of a show without parsing the config again."""
    from edtfeed.runner.cache import cache_path

    return ShowPlaces(name, config.episodes_dir.absolute(), tuple(config.episodes.exclude),
                      config.lock_path.absolute(), config.output_dir.absolute(), cache_path(config).absolute())

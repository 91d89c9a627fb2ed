"""`edtfeed publish`: build every language's feed when something changed, replay the last run when nothing did.

The pipeline itself (read records -> resolve audio -> build episodes -> render feeds -> write what changed) is
edtfeed.runner.show; it is imported only when there is something to build, and this module imports only what
telling an unchanged run needs (runner/replay.py): a run that changed nothing loads neither pydantic, the markdown
renderer, feedgen, the HTTP client nor the rule table.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from edtfeed.errors import os_fault
from edtfeed.runner.replay import RunInputs, ShowPlaces, options_key, replayed
from edtfeed.runner.results import PublishOptions, PublishResult

if TYPE_CHECKING:
    from edtfeed.config import Config
    from edtfeed.runner.cache import BuildCache

__all__ = ["PublishOptions", "PublishResult", "common_folder", "publish", "publish_shows_index", "show_places"]
SHOWS_INDEX_MARK = b'<meta name="generator" content="edtfeed">'  # in every page edtfeed writes (base.html)


def publish(config: Config, options: PublishOptions = PublishOptions()) -> PublishResult:
    """Build every language's feed; broken records are reported and skipped, the rest publishes.

    With the cache, a run whose inputs did not change replays the last result without reading anything; otherwise
    only changed records are re-read, and only languages whose items changed are re-rendered and re-checked.
    """
    if options.strict and not options.dry_run:
        # --strict: the whole run is tried without writing first; any warning or error keeps every file as it was.
        trial = publish(config, replace(options, dry_run=True))
        if trial.errors or trial.warnings:
            trial.held = True
            return trial
    from edtfeed.runner.cache import BuildCache

    cache = BuildCache.open(config, save=not options.dry_run) if options.cache else BuildCache.disabled()
    try:
        result = _publish(config, options, cache)
    except OSError as exc:  # the machine refused (disk full, read-only, permission, a file where a folder belongs)
        raise os_fault(exc, "publish stopped at") from None
    finally:
        cache.close()
    result.notices = [*result.notices, *cache.warnings]  # a cache that fails is a miss, never a failed run
    return result


def _publish(config: Config, options: PublishOptions, cache: BuildCache) -> PublishResult:
    from edtfeed.read.files import episode_files

    folders: dict[str, int] = {}
    files = episode_files(config, folders)
    out_dir = options.out_dir or config.output_dir
    inputs = RunInputs.taken(files, out_dir, options, folders)
    if options.replayable:
        previous_run = cache.last_run(files, options_key(out_dir, options), config.lock_path)
        if previous_run is not None:
            return replayed(previous_run)

    from edtfeed.runner.show import build_show  # here, not at the top: see the module docstring

    return build_show(config, options, cache, files, out_dir, inputs)


def show_places(name: str, config: Config) -> ShowPlaces:
    """What replay_config needs to know of a show without parsing the config again."""
    from edtfeed.runner.cache import cache_path
    from edtfeed.runner.replay import templates_fingerprint

    templates = config.templates_dir.absolute() if config.templates_dir else None
    return ShowPlaces(name, config.root.absolute(), config.config_file, config.episodes_dir.absolute(),
                      tuple(config.episodes.exclude), config.lock_path.absolute(), config.output_dir.absolute(),
                      cache_path(config).absolute(), templates, templates_fingerprint(templates))


def common_folder(folders: list[Path]) -> Path:
    """The folder holding all of `folders` (one show's output dir, or the one above several shows')."""
    if len(folders) == 1:
        return folders[0]
    return Path(os.path.commonpath([folder.absolute() for folder in folders]))


def publish_shows_index(shows: Mapping[str, Config], dry_run: bool = False) -> Path | None:
    """With several shows, the page above their output folders listing every show and its feeds; the path when it
    was (or would be) written. Only in a folder below the config's own (never the site's root) and never over a
    page edtfeed did not write; each show's feeds are those found in its output folder."""
    configs = list(shows.values())
    if len(configs) < 2:
        return None
    from edtfeed.constants import FEED_FILE
    from edtfeed.render.page import PAGE_FILE, index_show, render_shows_index  # here: see the module docstring
    from edtfeed.runner.files import write

    folders = [config.output_dir.absolute() for config in configs]
    common, root = common_folder(folders), configs[0].root.absolute()
    if common == root or not common.is_relative_to(root) or common in folders:
        return None
    target = common / PAGE_FILE
    try:
        with target.open("rb") as page:
            if SHOWS_INDEX_MARK not in page.read(4096):
                return None
    except FileNotFoundError:
        pass
    except OSError:
        return None
    entries = []
    for config, folder in zip(configs, folders):
        languages = sorted(feed.parent.name for feed in folder.glob(f"*/{FEED_FILE}"))
        if languages:
            entries.append(index_show(config, languages, f"{folder.relative_to(common).as_posix()}/"))
    if not entries:
        return None
    data = render_shows_index(configs[0], entries, configs[0].templates_dir)
    try:
        return target if write(target, data, dry_run) else None
    except OSError as exc:
        raise os_fault(exc, "publish stopped at") from None

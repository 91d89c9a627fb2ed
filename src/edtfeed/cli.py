"""Command line: thin click commands over plain functions. Exit codes are listed in errors.py and docs/messages.md.

Each command imports what only it needs inside its function (as mkdocs does): a publish run that changed nothing
is short, and loading the HTTP client, the server and the rule table for it would be a large part of it.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator, Mapping, Sized
from contextlib import AbstractContextManager, nullcontext
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from edtfeed import __version__
from edtfeed.config.path import config_path
from edtfeed.diagnostics import Diagnostic, as_json, counts, plural, render_json, render_text, summary_line
from edtfeed.errors import EXIT_OK, EXIT_PROBLEMS, EXIT_REFUSED, EdtfeedError, UnknownLanguage
from edtfeed.runner.publish import PublishOptions, PublishResult, common_folder, publish, publish_shows_index

if TYPE_CHECKING:
    from edtfeed.config import Config
    from edtfeed.runner.replay import ShowPlaces
    from edtfeed.resolve import AudioChange


_COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}


def _print_diagnostics(diagnostics: list[Diagnostic], verbose: bool = False,
                       shows: Mapping[str, Config | ShowPlaces] | None = None, err: bool = True) -> None:
    """Each cause once (every diagnostic with --verbose), coloured on a terminal; on GitHub Actions also one
    annotation per diagnostic, at the file from the checkout's root."""
    from edtfeed.diagnostics import annotations

    for message in render_text(diagnostics, verbose):
        click.secho(message.text, fg=_COLOURS[message.severity], err=err)
    if shows and os.environ.get("GITHUB_ACTIONS") == "true":
        for line in annotations(diagnostics, lambda rel: _source_of(shows, rel)):
            click.echo(line)


def _source_of(shows: Mapping[str, Config | ShowPlaces], rel: str) -> Path:
    """The file a diagnostic names: the config, a record below the episodes dir, else a file below the output
    dir (of the first show that has it)."""
    for config in shows.values():
        for folder in (config.root, config.episodes_dir, config.output_dir):
            if (folder / rel).exists() and (folder != config.root or rel == config.config_file):
                return folder / rel
    config = next(iter(shows.values()))
    return config.root / rel if rel == config.config_file else config.episodes_dir / rel


def _strict_stop(diagnostics: list[Diagnostic], dry_run: bool = False) -> None:
    """What stopped a --strict run: the warnings (and errors) listed above, counted."""
    found = [d for d in diagnostics if d.severity != "info"]
    if found:
        what = "" if dry_run else "nothing was written: "
        said = " and ".join(plural(n, severity) for severity, n in counts(found).items() if n)
        click.secho(f"--strict: {what}the {said} above stop the run", fg="red", err=True)


def _language(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    if not values:
        return ()
    from edtfeed.languages import normalise_language

    try:
        return tuple(normalise_language(v) for v in values)
    except ValueError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="edtfeed")
@click.option("--config", "config_file", metavar="PATH", envvar="EDTFEED_CONFIG",
              help="Config file (default: ./edtfeed.toml, or $EDTFEED_CONFIG).")
@click.pass_context
def main(ctx: click.Context, config_file: str | None) -> None:
    """Publish podcast feeds, one per language, from markdown episode records."""
    ctx.obj = config_path(config_file)
    _log_to_stderr()


class _EchoHandler(logging.Handler):
    """Log lines (the resolver's per-id progress in CI) go wherever click's stderr is at that moment."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(self.format(record), err=True)


def _log_to_stderr() -> None:
    logger = logging.getLogger("edtfeed")
    if not any(isinstance(handler, _EchoHandler) for handler in logger.handlers):
        logger.addHandler(_EchoHandler())
        logger.setLevel(logging.INFO)


def _shows(ctx: click.Context, name: str | None) -> dict[str, Config]:
    """The shows a command acts on: every show of the config, or the one `--show` names ("" for a single-show
    config)."""
    from edtfeed.config import load_shows

    return load_shows(ctx.obj, name)


def _heading(name: str, shows: Sized, err: bool = False) -> None:
    """A line naming the show whose output follows, when the config has several."""
    if name and len(shows) > 1:
        click.secho(f"show {name}:", bold=True, err=err)


def _project_lock(ctx: click.Context, command: str, hold: bool = True) -> AbstractContextManager[None]:
    """The project lock (one run at a time per project) for a command that writes; nothing when `hold` is False."""
    from edtfeed.runlock import project_lock

    return project_lock(Path(ctx.obj).parent, command) if hold else nullcontext()


_show_option = click.option("--show", "show_name", metavar="NAME",
                            help="Only this show of a config with several [shows.NAME] (default: every show).")


@main.command("publish")
@click.option("--offline", is_flag=True, help="No network: audio metadata comes from the lock file only.")
@click.option("--refresh", is_flag=True, help="Re-fetch pinned audio metadata first and report what changed.")
@click.option("--dry-run", is_flag=True, help="Build everything, write nothing, print what would change.")
@click.option("--lang", "languages", multiple=True, callback=_language, metavar="CODE",
              help="Only this language (repeatable).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), help="Output directory.")
@click.option("--remove", "remove", multiple=True, metavar="GUID",
              help="Drop this published item from its feed for good; recorded in the lock (repeatable).")
@click.option("--no-cache", is_flag=True,
              help="Rebuild everything; neither read nor update the build cache (.edtfeed-cache/ beside the lock).")
@click.option("--strict", is_flag=True,
              help="Any warning (as any error) stops the run before anything is written (exit 1), naming them.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), metavar="N",
              help="Worker processes (1: none). Default: one per CPU, for shows large enough to gain from them.")
@click.option("--verbose", "-v", is_flag=True, help="Every problem on its own line, and every file written.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="json: the whole result on stdout, for scripts.")
@_show_option
@click.pass_context
def publish_command(ctx: click.Context, offline: bool, refresh: bool, dry_run: bool, languages: tuple[str, ...],
                    out_dir: Path | None, remove: tuple[str, ...], no_cache: bool, strict: bool, jobs: int | None,
                    verbose: bool, fmt: str, show_name: str | None) -> None:
    """Build every language's feed and write the files that changed; a feed that breaks an error-level rule is
    not written (its previous file stays) and the run exits 1. Every show of the config, or the one --show names."""
    from edtfeed.diagnostics import fold_notices
    from edtfeed.runner.replay import replay_config

    options = PublishOptions(offline, dry_run, languages, out_dir, remove, refresh, cache=not no_cache,
                             strict=strict, jobs=jobs)
    status, payloads, missing = EXIT_OK, {}, []
    # Nothing changed: the config is not even parsed. A run in progress is waited for, then compared with.
    with _project_lock(ctx, "publish", not dry_run and Path(ctx.obj).is_file()):
        replayed = replay_config(ctx.obj, show_name, options)
    shows: dict[str, Config] = {}
    if replayed is not None:
        names, runs = [place.name for place, _ in replayed], iter(replayed)
    else:
        shows, runs = _publish_shows(ctx, show_name, options, missing, fmt == "text")
        names = list(shows)
    for place, result in runs:
        if fmt == "json":
            payloads[place.name] = _result_payload(result, dry_run)
        else:
            if replayed is not None:
                _heading(place.name, names, err=True)
            for notice in fold_notices(result.notices):
                click.echo(notice, err=True)
            _print_changes(result.changes)
            _print_diagnostics(result.diagnostics, verbose, {place.name: place})
            _print_summary(result, dry_run, verbose)
            if strict:
                _strict_stop(result.diagnostics, dry_run)
        failed = result.errors or (strict and result.warnings)
        status = max(status, EXIT_REFUSED if result.refused else EXIT_PROBLEMS if failed else EXIT_OK)
    if len(missing) == len(names):
        raise UnknownLanguage("\n".join(missing))
    with _project_lock(ctx, "publish (the shows' index page)", not dry_run and bool(shows)):
        index = publish_shows_index(shows, dry_run)  # with several shows, the page listing them all (none replayed)
    if index and verbose and fmt == "text":
        click.echo(f"{'~' if dry_run else '+'} {index}")
    for line in missing if fmt == "text" else ():
        click.echo(f"{line}; skipped", err=True)
    if fmt == "json":
        payload = payloads[""] if "" in payloads else {"shows": payloads}
        click.echo(json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False))
    ctx.exit(status)


def _publish_shows(ctx: click.Context, show_name: str | None, options: PublishOptions, missing: list[str],
                   headings: bool) -> tuple[dict[str, Config], Iterator[tuple[ShowPlaces, PublishResult]]]:
    """The shows, and each show's run as it is made (`missing`: the shows --lang skips; `headings`: name
    each show before its run). When all are made, their places are remembered for the next run's replay_config."""
    from edtfeed.runner.publish import show_places
    from edtfeed.runner.replay import config_key, remember_config

    shows = _shows(ctx, show_name)
    if len(shows) > 1 and (options.out_dir or options.remove):
        raise click.UsageError(f"{'--out' if options.out_dir else '--remove'} acts on one show: add --show NAME "
                               f"(the shows: {', '.join(shows)})")
    key = config_key(ctx.obj, show_name, options)  # before the runs: an edit meanwhile is a change next time

    def runs() -> Iterator[tuple[ShowPlaces, PublishResult]]:
        places = []
        for name, config in shows.items():
            if headings:
                _heading(name, shows, err=True)  # before the run: what it says (fetching, progress) is under it
            places.append(show_places(name, config))
            try:
                with _project_lock(ctx, "publish" + "".join(f" --remove {guid}" for guid in options.remove),
                                   not options.dry_run):
                    result = publish(config, options)
            except UnknownLanguage as exc:
                if len(shows) == 1:
                    raise
                missing.append(f"show {name}: {exc.message}")  # --lang of one show's languages: the others skip
                continue
            yield places[-1], result
        if not missing:
            remember_config(ctx.obj, key, options, places)

    return shows, runs()


def _result_payload(result: PublishResult, dry_run: bool) -> dict[str, object]:
    """Everything a run did and found, sorted, for scripts (`publish --format json`)."""
    payload = {
        "dry_run": dry_run,
        "held": result.held,
        "languages": {
            lang: {"items": summary.items, "estimated_chapters": summary.estimated_chapters,
                   "chapter_sources": summary.chapter_sources,
                   "written": sorted(str(p) for p in summary.written),
                   "unchanged": sorted(str(p) for p in summary.unchanged),
                   "removed": sorted(str(p) for p in summary.removed)}
            for lang, summary in sorted(result.languages.items())
        },
        "stylesheet_written": str(result.stylesheet_written) if result.stylesheet_written else None,
        "lock_written": result.lock_written,
        **as_json(result.diagnostics),
        "notices": result.notices,
        "changes": [change.model_dump() for change in result.changes],
        "refused": result.refused,
        "notified": result.notified,
        "text_only": result.text_only,
    }
    return payload


@main.command("resolve")
@click.option("--refresh", is_flag=True, help="Re-fetch pinned entries too and report what changed (old -> new).")
@click.option("--check", is_flag=True,
              help="Only fetch [transistor] feed_url once: does it answer, is it a podcast feed, has it the pinned ids?")
@click.argument("embed_ids", nargs=-1, metavar="[EMBED_ID ...]")
@_show_option
@click.pass_context
def resolve_command(ctx: click.Context, refresh: bool, check: bool, embed_ids: tuple[str, ...],
                    show_name: str | None) -> None:
    """Resolve audio metadata and pin it in the lock, without building feeds (default: every record's id)."""
    shows = _shows(ctx, show_name)
    if check:
        ok = True
        for name, config in shows.items():
            _heading(name, shows, err=True)
            ok = _check_feed(config) and ok
        ctx.exit(EXIT_OK if ok else EXIT_PROBLEMS)
    failed = False
    for name, config in shows.items():
        _heading(name, shows)
        with _project_lock(ctx, "resolve"):
            failed = _resolve_show(config, embed_ids, refresh) or failed
    ctx.exit(EXIT_PROBLEMS if failed else EXIT_OK)


def _resolve_show(config: Config, embed_ids: tuple[str, ...], refresh: bool) -> bool:
    """`edtfeed resolve` for one show; True when something failed."""
    from edtfeed.diagnostics import fold_notices
    from edtfeed.runner.resolve import resolve_show

    result = resolve_show(config, embed_ids, refresh=refresh)
    report = result.report
    for notice in fold_notices([config.located(notice) for notice in report.notices]):
        click.echo(notice, err=True)
    _print_changes(report.changes)
    # Per-id problems have no file: one cause (a feed URL that fails) is one line with the number of ids.
    by_id = [Diagnostic("", None, config.located(message), level) for level, messages in
             (("error", report.errors), ("warning", report.pending), ("warning", report.stale),
              ("warning", report.identity), ("warning", report.transcript_warnings))
             for message in messages.values()]
    problems = [replace(d, message=config.located(d.message)) for d in result.problems]
    _print_diagnostics(problems + by_id, shows={config.show_name: config})
    changed = len({change.embed_id for change in report.changes})
    click.echo(
        f"{plural(len(result.requested), 'embed id')}: {len(result.newly_pinned)} newly pinned, {changed} changed, "
        f"{len(report.pending)} not ready, {len(report.errors) + len(report.stale)} failed; "
        f"lock {'written' if result.lock_written else 'unchanged'}"
    )
    return result.failed


def _check_feed(config: Config, to_stderr: bool = False) -> bool:
    """`resolve --check` for one show: True when its feed answers as a podcast feed with every pinned id."""
    from edtfeed.resolve.check import check_feed

    result = check_feed(config)
    for line in result.lines:
        click.secho(line, fg="red" if line.startswith("error") else None, err=to_stderr or line.startswith("error"))
    return result.ok


def _print_changes(changes: list[AudioChange]) -> None:
    for change in changes:
        click.echo(f"changed {change}")


def _print_summary(result: PublishResult, dry_run: bool, verbose: bool = False) -> None:
    """Items and files counted apart, one line per language and one in total; the files themselves only with
    --verbose."""
    dry_run = dry_run or result.held
    changed = "would change" if dry_run else "written"
    mark = "~" if dry_run else "+"
    for lang, summary in sorted(result.languages.items()):
        removed = f", {len(summary.removed)} {'would be ' if dry_run else ''}removed" if summary.removed else ""
        sources = ", ".join(f"{count} {source}" for source, count in summary.chapter_sources.items())
        chapters = f"{summary.estimated_chapters} with estimated chapters" + (f"; chapter times: {sources}"
                                                                              if sources else "")
        click.echo(f"{lang}: {plural(summary.items, 'item')} ({chapters}); "
                   f"files: {len(summary.written)} {changed}, {len(summary.unchanged)} unchanged{removed}")
        if verbose:
            for path in summary.written:
                click.echo(f"  {mark} {path}")
            for path in summary.removed:
                click.echo(f"  - {path}")
    for extra in (result.stylesheet_written, result.index_written):
        if extra and verbose:
            click.echo(f"  {mark} {extra}")
    items = sum(summary.items for summary in result.languages.values())
    written = (sum(len(s.written) for s in result.languages.values()) + bool(result.stylesheet_written)
               + bool(result.index_written))
    unchanged = sum(len(s.unchanged) for s in result.languages.values())
    click.echo(f"total: {plural(items, 'item')} in {plural(len(result.languages), 'feed')}; "
               f"files: {written} {changed}, {unchanged} unchanged")
    if result.text_only:
        click.echo(f"{plural(result.text_only, 'text-only record')} (`audio: none`) left out of the feeds")
    for line in result.notified:
        click.echo(f"notified {line}")
    if result.refused:
        click.secho(f"refused to drop {plural(len(result.refused), 'published item')}; their feeds were not written",
                    fg="red", err=True)
    click.echo(summary_line(result.diagnostics))


@main.command("chapters")
@click.argument("record", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_show_option
@click.pass_context
def chapters_command(ctx: click.Context, record: Path, show_name: str | None) -> None:
    """Print RECORD's chapters as its own text gives them: time, timing source, confidence, transcript words.

    For checking a suspicious time: write the right one into the heading (`## 12:34 Title`) to pin it.
    The audio duration comes from the lock (run `edtfeed resolve` first).
    """
    from edtfeed.runner.chapters import ChaptersUnavailable, show_chapters
    from edtfeed.timecode import format_clock, notes_style

    shows = list(_shows(ctx, show_name).values())
    config = next((c for c in shows if record.resolve().is_relative_to(c.episodes_dir.resolve())), shows[0])
    try:
        found = show_chapters(config, record)
    except ChaptersUnavailable as error:
        raise click.ClickException(str(error)) from error
    for message in found.unusable:
        click.secho(f"warning: {message}", fg="yellow", err=True)
    chapters = found.chapters
    for line, message in chapters.warnings:
        click.secho(f"warning: {record}{f':{line}' if line else ''}: {message}", fg="yellow", err=True)
    style = notes_style(found.duration)
    for chapter in chapters.chapters:
        confidence = f"{chapter.confidence:.2f}" if chapter.confidence is not None else "-"
        heard = f"  (heard: {', '.join(chapter.matched)})" if chapter.matched else ""
        click.echo(f"{format_clock(chapter.start, style)}  {chapter.source or '-':<15} {confidence:>4}  "
                   f"{chapter.title}{heard}")


@main.command("paths")
@click.option("--null", "-0", "null", is_flag=True, help="End each path with a NUL byte, not a newline (scripts).")
@_show_option
@click.pass_context
def paths_command(ctx: click.Context, null: bool, show_name: str | None) -> None:
    """Print what a publish writes that the next run needs: each show's lock, the lock's transcripts folder and
    the output folder. The scheduled workflow commits exactly these, so a fresh checkout has every pin."""
    from edtfeed.lock import transcripts_dir

    paths: dict[str, None] = {}  # in order, once: shows may share an output folder
    for config in _shows(ctx, show_name).values():
        for path in (config.lock_path, transcripts_dir(config.lock_path), config.output_dir):
            absolute = path.absolute()
            paths.setdefault(os.path.relpath(absolute) if absolute.is_relative_to(Path.cwd()) else str(absolute))
    for path in paths:
        click.echo(path + ("\0" if null else "\n"), nl=False)


@main.command("serve")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0 picks a free one).")
@click.option("--dir", "directory", type=click.Path(file_okay=False, path_type=Path),
              help="Directory to serve (default: the config's [output] dir).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (keep it on loopback).")
@click.option("--watch", is_flag=True,
              help="Publish (offline) now and whenever a record, the config or the lock changes; open pages reload.")
@_show_option
@click.pass_context
def serve_command(ctx: click.Context, port: int, directory: Path | None, host: str, watch: bool,
                  show_name: str | None) -> None:
    """Preview the output dir over HTTP as a podcast directory sees it (Ctrl+C stops); with several shows, the
    folder holding every show's output dir."""
    import errno
    import threading

    from edtfeed.serve import LivePreviewServer, PreviewServer, feed_paths, serve, watch_inputs

    if watch and directory is not None:
        raise click.UsageError("--watch serves the config's output dir; leave out --dir")
    shows = {} if directory and not watch else _shows(ctx, show_name)
    root = directory or common_folder([config.output_dir for config in shows.values()])
    first_failure = _watch_publish(ctx.obj, show_name) if watch else None
    try:
        server: PreviewServer = LivePreviewServer(root, host, port) if watch else serve(root, host, port)
    except OSError as exc:
        hint = " (another server is using it: pick another --port, or --port 0 for any free one)" \
            if exc.errno == errno.EADDRINUSE else ""
        raise EdtfeedError(f"cannot serve {root} on {host}:{port}: {exc}{hint}") from None
    click.echo(f"Serving {root} at {server.url}/ (Ctrl+C to stop)")
    for path in feed_paths(server.root):
        click.echo(f"  feed {server.url}{path}")
    stop = threading.Event()
    if isinstance(server, LivePreviewServer):
        server.failure = first_failure  # pages say so from the start
        inputs = {config_path(ctx.obj).resolve(), *(config.lock_path.resolve() for config in shows.values())}
        episodes = {config.episodes_dir.resolve() for config in shows.values()}
        templates = {folder.resolve() for folder in (config.templates_dir for config in shows.values())
                     if folder and folder.is_dir()}

        def wanted(path: Path) -> bool:
            return (path in inputs or (path.suffix == ".md" and any(path.is_relative_to(e) for e in episodes))
                    or any(path.is_relative_to(folder) for folder in templates))

        def rebuild() -> None:
            server.announce_rebuild(_watch_publish(ctx.obj, show_name))

        def report(message: str) -> None:
            click.secho(f"warning: {message}", fg="yellow", err=True)

        # a folder inside another is watched already
        candidates = {*episodes, *templates, *(path.parent for path in inputs)}
        folders = sorted(f for f in candidates if not any(f != o and f.is_relative_to(o) for o in candidates))
        threading.Thread(target=watch_inputs, args=(folders, wanted, rebuild, stop, report), daemon=True).start()
        click.echo(f"  watching {', '.join(map(str, folders))}")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()


def _watch_publish(config_file: Path, show_name: str | None) -> str | None:
    """One `publish --offline` of every show for `serve --watch`, holding the project lock: no directory is pinged
    for a preview; problems are printed and the server keeps serving what was last built. Returns why the rebuild
    failed (also printed), or None; whatever fails, the watcher goes on."""
    from edtfeed.config import load_shows
    from edtfeed.errors import os_fault
    from edtfeed.runlock import project_lock

    try:
        with project_lock(config_file.parent, "serve --watch (rebuild)"):
            shows = load_shows(config_file, show_name)
            for name, config in shows.items():
                result = publish(config, PublishOptions(offline=True))
                _heading(name, shows)
                _print_diagnostics(result.diagnostics)
                written = sum(len(lang.written) for lang in result.languages.values())
                click.echo(f"published: {plural(written, 'file')} written, {plural(len(result.errors), 'error')}")
        return None
    except EdtfeedError as exc:
        failure = exc.format_message()
    except OSError as exc:
        failure = os_fault(exc, "rebuilding the preview failed at").format_message()
    except Exception as exc:  # noqa: BLE001 - a bug in one rebuild must not end the preview: say it, keep watching
        failure = f"{type(exc).__name__}: {exc} (a bug in edtfeed: please report it)"
    click.secho(f"publish failed: {failure}; still watching", fg="red", err=True)
    return failure


@main.command("validate")
@click.argument("targets", nargs=-1, metavar="[PATH_OR_FEED]...",
                type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="json is sorted and stable, for CI.")
@click.option("--strict", is_flag=True, help="Warnings fail the run too (exit 1), as they stop `publish --strict`.")
@click.option("--list-rules", is_flag=True, help="Print the rule table (id, level, platform, source) and exit.")
@click.option("--online", is_flag=True, help="Also fetch [transistor] feed_url once (as `resolve --check`).")
@click.option("--migration", "old", metavar="OLD",
              help="Only compare the new feed with the feed it replaces (a URL or a saved file): guids, enclosures, "
                   "dates, counts, the show's identity and, for a URL, its 301 to the new feed.")
@_show_option
@click.pass_context
def validate_command(ctx: click.Context, targets: tuple[Path, ...], fmt: str, strict: bool, list_rules: bool,
                     online: bool, old: str | None, show_name: str | None) -> None:
    """Check feeds against Apple, Spotify and Podcasting 2.0 rules, offline.

    With no PATH: everything `publish` checks without the network (the config, the records, artwork and the feeds
    as publish would build them; the same problems it reports, counted the same), then the feeds already in the
    output dir. With PATHs: those feed files (or every *.xml below a folder), ours or another publisher's. Exit 1 on errors (or warnings
    with --strict), 0 otherwise.
    """
    from edtfeed.runner.validate import validate_project
    from edtfeed.validate import RULES
    from edtfeed.validate.project import validate_paths
    from edtfeed.validate.report import render_rules

    if list_rules:
        click.echo(render_rules(RULES), nl=False)
        return
    if old is not None:
        from edtfeed.validate.migration import render_verdicts, validate_migration

        config = None
        if not targets or ctx.obj.is_file():
            shows = _shows(ctx, show_name)
            if len(shows) > 1 and not targets:
                raise click.UsageError("--migration compares one show's feed: add --show NAME")
            config = next(iter(shows.values())) if len(shows) == 1 else None
        verdicts = validate_migration(old, targets, config)
        click.echo(render_verdicts(verdicts, fmt), nl=False)
        ctx.exit(EXIT_PROBLEMS if any(not v.ok for v in verdicts) else EXIT_OK)
    shows = {} if targets else _shows(ctx, show_name)
    if targets:
        found = validate_paths(targets)
    else:
        found = [d for config in shows.values() for d in validate_project(config)]
    if fmt == "json":
        click.echo(render_json(found), nl=False)
    else:
        for name in shows if len(shows) > 1 else [""]:  # each show's lines under its name
            _heading(name, shows)
            _print_diagnostics([d for d in found if d.show == name or len(shows) <= 1], shows=shows, err=False)
        click.echo(summary_line(found))
        if strict:
            _strict_stop(found, dry_run=True)
    failing = {"error", "warning"} if strict else {"error"}  # info never fails a run
    status = EXIT_PROBLEMS if any(d.severity in failing for d in found) else EXIT_OK
    for name, config in shows.items() if online else ():
        _heading(name, shows, err=True)
        status = max(status, EXIT_OK if _check_feed(config, to_stderr=True) else EXIT_PROBLEMS)
    ctx.exit(status)


@main.command("youtube")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the videos (default: youtube/ beside the config; youtube/NAME for one of several shows).")
@click.option("--lang", "languages", multiple=True, callback=_language, metavar="CODE",
              help="Only this language (repeatable).")
@click.option("--push", is_flag=True,
              help="Also send the localizations and captions to YouTube (OAuth token in $YOUTUBE_OAUTH_TOKEN).")
@click.option("--api-url", metavar="URL", default=None,
              help="The YouTube Data API's address for --push (default: https://www.googleapis.com), e.g. a test "
                   "server.")
@_show_option
@click.pass_context
def youtube_command(ctx: click.Context, out_dir: Path | None, languages: tuple[str, ...], push: bool,
                    api_url: str | None, show_name: str | None) -> None:
    """Write, per episode's YouTube video and language, the title, the description with YouTube's chapter list and
    the episode page's link, the captions (VTT), and the video's localizations as videos.update takes them.
    Nothing is sent to YouTube without --push."""
    from edtfeed.runner.youtube import YOUTUBE_API, YOUTUBE_TOKEN_ENV, export_youtube

    token = os.environ.get(YOUTUBE_TOKEN_ENV, "").strip() if push else None
    if push and not token:
        raise click.ClickException(f"--push needs an OAuth access token with the youtube.force-ssl scope in "
                                   f"${YOUTUBE_TOKEN_ENV}; without --push nothing is sent")
    shows = _shows(ctx, show_name)
    if out_dir and len(shows) > 1:
        raise click.UsageError(f"--out acts on one show: add --show NAME (the shows: {', '.join(shows)})")
    status = EXIT_OK
    for name, config in shows.items():
        _heading(name, shows)
        folder = out_dir or config.root / "youtube" / (name if len(shows) > 1 else "")
        result = export_youtube(config, folder, languages or None, token, api_url or YOUTUBE_API)
        _print_diagnostics(result.problems, shows={name: config})
        click.echo(f"{plural(len(result.videos), 'video')} in {folder}: {plural(len(result.written), 'file')} "
                   f"written, {len(result.unchanged)} unchanged")
        for what in result.pushed:
            click.echo(f"sent {what}")
        if any(problem.severity == "error" for problem in result.problems):
            status = EXIT_PROBLEMS
    ctx.exit(status)


@main.command("init")
@click.argument("site_dir", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--feed-url", "feed_urls", multiple=True, metavar="[SERIES=]URL",
              help="Transistor feed URL of a series (repeatable; a bare URL is the biggest series').")
@click.option("--base-url", metavar="URL", help="Public URL the feeds folder is served at (default: home/feeds).")
@click.option("--home-url", metavar="URL",
              help="The site's home page (default: `url` + `baseurl` in _config.yml, else --base-url without /feeds).")
@click.option("--email", metavar="ADDRESS", help="Owner email (default: `email` in _config.yml).")
@click.option("--image", metavar="URL", help="Cover art URL (default: `image` or `logo` in _config.yml).")
@click.option("--title", metavar="TEXT", help="Show title (default: `title` in _config.yml).")
@click.option("--description", metavar="TEXT", help="Show description (default: `description` in _config.yml).")
@click.option("--author", metavar="NAME", help="The show's publisher (default: `author` in _config.yml).")
@click.option("--install", metavar="SPEC",
              help="What the workflow pip-installs (default: how this edtfeed was installed, when a runner can "
                   "repeat it: edtfeed==X.Y.Z from PyPI, git+URL@COMMIT from git).")
@click.option("--yes", "assume_yes", is_flag=True, help="Ask nothing: fail naming the flag for a missing value.")
def init_command(site_dir: Path, feed_urls: tuple[str, ...], base_url: str | None, home_url: str | None,
                 email: str | None, image: str | None, title: str | None, description: str | None,
                 author: str | None, install: str | None, assume_yes: bool) -> None:
    """Write edtfeed.toml and the publishing workflow for an existing Jekyll site (never overwrites a file).

    Every question has a flag; with --yes and the flags, nothing is asked."""
    from edtfeed.init import Answers, init_site

    by_series: dict[str, str] = {}
    for value in feed_urls:
        name, sep, url = value.partition("=")
        if sep and "://" not in name:
            by_series[name] = url
        else:
            by_series[""] = value
    answers = Answers(by_series, base_url=base_url, email=email, image=image, assume_yes=assume_yes,
                      home_url=home_url, title=title, description=description, author=author, install=install)
    result = init_site(site_dir, answers, lambda question: click.prompt(question))
    for series in result.site.series:
        click.echo(f"found {series.name}: {series.records} records of {len(series.embed_ids)} episodes in "
                   f"{series.dir}/ ({', '.join(sorted(series.languages)) or 'no language set'})")
        for rel, why in sorted(series.duplicates.items()):
            click.secho(f"  - {series.dir}/{rel}: {why}", fg="yellow")
    for rel in result.written:
        click.echo(f"  + {rel}")
    for rel in result.kept:
        click.secho(f"  = {rel} exists; left unchanged (delete it to have init write it again)", fg="yellow")
    prefix = "" if site_dir == Path(".") else f"cd {site_dir} && "
    click.echo(f"Next: {prefix}edtfeed publish")
    click.echo("Add .edtfeed-cache/ to .gitignore; set TRANSISTOR_API_KEY as a repository secret only if you use "
               "the API.")

"""Command line: thin click commands over plain functions. Exit codes are listed in errors.py and the README.

Each command imports what only it needs inside its function (as mkdocs does): a publish run that changed nothing
takes ~0.6 s, and loading the HTTP client, the server and the rule table for it was a third of that.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

import click

from edtfeed import __version__
from edtfeed.build.publish import PublishOptions, PublishResult, publish
from edtfeed.config import Config, config_path, load_config
from edtfeed.errors import EXIT_OK, EXIT_PROBLEMS, EXIT_REFUSED, EdtfeedError, Problem
from edtfeed.read.languages import normalise_language
from edtfeed.validate.report import render_json, render_rules, render_text, summary_line

if TYPE_CHECKING:
    from edtfeed.resolve import AudioChange


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        colour = "red" if problem.level == "error" else "yellow"
        click.secho(str(problem), fg=colour, err=True)


def _language(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
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


def _config(ctx: click.Context) -> Config:
    return load_config(ctx.obj)


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
@click.pass_context
def publish_command(ctx: click.Context, offline: bool, refresh: bool, dry_run: bool, languages: tuple[str, ...],
                    out_dir: Path | None, remove: tuple[str, ...], no_cache: bool) -> None:
    """Build every language's feed and write the files that changed."""
    result = publish(_config(ctx), PublishOptions(offline, dry_run, languages, out_dir, remove, refresh,
                                                  cache=not no_cache))
    for notice in result.notices:
        click.echo(notice, err=True)
    _print_changes(result.changes)
    _print_problems(result.problems)
    if result.findings:
        click.echo(render_text(result.findings, color=True), nl=False, err=True)
    _print_summary(result, dry_run)
    if result.refused:
        ctx.exit(EXIT_REFUSED)
    ctx.exit(EXIT_PROBLEMS if result.errors else EXIT_OK)


@main.command("resolve")
@click.option("--refresh", is_flag=True, help="Re-fetch pinned entries too and report what changed (old -> new).")
@click.argument("embed_ids", nargs=-1, metavar="[EMBED_ID ...]")
@click.pass_context
def resolve_command(ctx: click.Context, refresh: bool, embed_ids: tuple[str, ...]) -> None:
    """Resolve audio metadata and pin it in the lock, without building feeds (default: every record's id)."""
    from edtfeed.resolve.command import pin_audio

    result = pin_audio(_config(ctx), embed_ids, refresh=refresh)
    report = result.report
    for notice in report.notices:
        click.echo(notice, err=True)
    _print_changes(report.changes)
    _print_problems(result.problems)
    for level, colour, messages in (("error", "red", report.errors), ("warning", "yellow", report.pending),
                                    ("warning", "yellow", report.stale)):
        for message in messages.values():
            click.secho(f"{level}: {message}", fg=colour, err=True)
    changed = len({change.embed_id for change in report.changes})
    click.echo(
        f"{len(result.requested)} embed id(s): {len(result.newly_pinned)} newly pinned, {changed} changed, "
        f"{len(report.pending)} not ready, {len(report.errors) + len(report.stale)} failed; "
        f"lock {'written' if result.lock_written else 'unchanged'}"
    )
    ctx.exit(EXIT_PROBLEMS if result.failed else EXIT_OK)


def _print_changes(changes: list[AudioChange]) -> None:
    for change in changes:
        click.echo(f"changed {change}")


def _print_summary(result: PublishResult, dry_run: bool) -> None:
    changed = "would change" if dry_run else "written"
    for lang, summary in sorted(result.languages.items()):
        line = (f"{lang}: {summary.items} items ({summary.estimated_chapters} with estimated chapters), "
                f"{len(summary.written)} {changed}, {len(summary.unchanged)} unchanged, {summary.problems} problem(s)")
        click.echo(line)
        for path in summary.written:
            click.echo(f"  {'~' if dry_run else '+'} {path}")
    if result.stylesheet_written:
        click.echo(f"  {'~' if dry_run else '+'} {result.stylesheet_written}")
    for line in result.notified:
        click.echo(f"notified {line}")
    if result.refused:
        click.secho(f"refused to drop {len(result.refused)} published item(s); their feeds were not written",
                    fg="red", err=True)
    errors, warnings = len(result.errors), len(result.problems) - len(result.errors)
    click.echo(f"{errors} error(s), {warnings} warning(s)")
    click.echo(f"feed rules: {summary_line(result.findings)}")


@main.command("chapters")
@click.argument("record", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def chapters_command(ctx: click.Context, record: Path) -> None:
    """Print RECORD's chapters as its own text gives them: time, timing source, confidence, transcript words.

    For checking a suspicious time: write the right one into the heading (`## 12:34 Title`) to pin it.
    The audio duration comes from the lock (run `edtfeed resolve` first).
    """
    from edtfeed.episodes.chapters import build_chapters, format_clock
    from edtfeed.errors import RecordError
    from edtfeed.lock import load_lock
    from edtfeed.read.records import read_record

    config = _config(ctx)
    try:
        parsed = read_record(record.resolve(), config.episodes_dir, default_lang=config.show.default_language,
                             tz=config.show.timezone)
    except RecordError as error:
        raise click.ClickException(str(error)) from error
    audio = load_lock(config.lock_path).audio.get(parsed.embed_id)
    if audio is None:
        raise click.ClickException(f"{parsed.embed_id!r} is not in the lock; run `edtfeed resolve {parsed.embed_id}`")
    chapters = build_chapters(parsed, audio.duration, config.chapters)
    for line, message in chapters.warnings:
        click.secho(f"warning: {record}{f':{line}' if line else ''}: {message}", fg="yellow", err=True)
    hours = audio.duration >= 3600
    for chapter in chapters.chapters:
        confidence = f"{chapter.confidence:.2f}" if chapter.confidence is not None else "-"
        click.echo(f"{format_clock(chapter.start, hours)}  {chapter.source or '-':<12} {confidence:>4}  {chapter.title}")


@main.command("serve")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0 picks a free one).")
@click.option("--dir", "directory", type=click.Path(file_okay=False, path_type=Path),
              help="Directory to serve (default: the config's [output] dir).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (keep it on loopback).")
@click.pass_context
def serve_command(ctx: click.Context, port: int, directory: Path | None, host: str) -> None:
    """Preview the output dir over HTTP as a podcast directory sees it (Ctrl+C stops)."""
    from edtfeed.serve import serve

    root = directory or _config(ctx).output_dir
    try:
        server = serve(root, host, port)
    except OSError as exc:
        raise EdtfeedError(f"cannot serve {root} on {host}:{port}: {exc}") from None
    click.echo(f"Serving {root} at {server.url}/ (Ctrl+C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@main.command("validate")
@click.argument("targets", nargs=-1, metavar="[PATH_OR_FEED]...",
                type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="json is sorted and stable, for CI.")
@click.option("--strict", is_flag=True, help="Warnings fail the run too.")
@click.option("--list-rules", is_flag=True, help="Print the rule table (id, level, platform, source) and exit.")
@click.pass_context
def validate_command(ctx: click.Context, targets: tuple[Path, ...], fmt: str, strict: bool, list_rules: bool) -> None:
    """Check feeds against Apple, Spotify and Podcasting 2.0 rules, offline.

    With no PATH: the records, config and artwork, then the feeds built in the output dir. With PATHs: those
    feed files (or every *.xml below a folder), ours or another publisher's. Exit 1 on errors (or warnings
    with --strict), 0 otherwise.
    """
    from edtfeed.validate import RULES
    from edtfeed.validate.project import exit_status, validate_paths, validate_project

    if list_rules:
        click.echo(render_rules(RULES), nl=False)
        return
    if targets:
        findings = validate_paths(targets)
    else:
        findings = validate_project(_config(ctx), ctx.obj)
    # Styles are kept only on a terminal: click.echo strips them when output is piped or redirected.
    click.echo(render_json(findings) if fmt == "json" else render_text(findings, color=True), nl=False)
    ctx.exit(exit_status(findings, strict))

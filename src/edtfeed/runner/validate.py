"""`edtfeed validate` for a project: every check `publish` runs that needs no network (the config, the records,
the feeds as they would be built, local artwork), by running publish offline and writing nothing; then the feeds
already in the output dir. So `validate` and `publish` report the same diagnostics for the same project."""

from __future__ import annotations

from edtfeed.config import Config
from edtfeed.diagnostics import Diagnostic, ordered
from edtfeed.runner.publish import PublishOptions, publish
from edtfeed.runner.show import stamped
from edtfeed.validate.project import feed_findings


def validate_project(config: Config) -> list[Diagnostic]:
    """What `publish --offline --dry-run` reports, and the rule findings of the feeds in the output dir."""
    result = publish(config, PublishOptions(offline=True, dry_run=True))
    built = feed_findings(config)
    return ordered([*result.problems, *result.findings,
                    *stamped(built, config, {}, {d.file.partition("/")[0] for d in built})])

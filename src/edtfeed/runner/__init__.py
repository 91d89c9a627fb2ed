"""The runner: runs the stages over a show and writes what changed. Only this package knows about the build cache,
worker processes and writing files; no stage imports it."""

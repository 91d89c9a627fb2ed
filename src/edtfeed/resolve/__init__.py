"""Resolve: embed id -> audio metadata, pinned in the lock. The resolver is resolver.py (the lock, then the show's
RSS feed, the Transistor API and the media host: rss.py, api.py, media.py); transcripts.py fetches the host's timed
transcripts with it; check.py is `resolve --check`. The HTTP client is shared: edtfeed.http."""

from edtfeed.resolve.resolver import API_KEY_ENV, AudioChange, ResolveReport, resolve_audio, succeeds_show_feed

__all__ = ["API_KEY_ENV", "AudioChange", "ResolveReport", "resolve_audio", "succeeds_show_feed"]

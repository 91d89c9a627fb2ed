"""Render feeds: episodes -> RSS bytes. channel.py and item.py say which tag carries what; xml.py is the engine."""

from edtfeed.render.feed import render_feed

__all__ = ["render_feed"]

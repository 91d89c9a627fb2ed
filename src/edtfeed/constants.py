"""Names every stage agrees on: XML namespaces, MIME types, output file names and the page that documents the config.

The validator reads these too, but keeps its own logic for what a value must be, so it still catches a mistake the
producer makes.
"""

from __future__ import annotations

import uuid

ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST_NS = "https://podcastindex.org/namespace/1.0"
PODCAST_NS_ALT = "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md"  # older feeds use it
PSC_NS = "http://podlove.org/simple-chapters"
ATOM_NS = "http://www.w3.org/2005/Atom"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"

PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")  # from the podcast:guid spec

JSON_CHAPTERS_TYPE = "application/json+chapters"
HTML_TRANSCRIPT_TYPE = "text/html"
VTT_TYPE = "text/vtt"
SRT_TYPE = "application/x-subrip"  # what Apple and the Podcasting 2.0 examples use for SRT

# Where a person reads what every config key means: the docs site's page, named by its title and its path in the
# repository (the docs are not published at an address yet).
CONFIG_DOCS_TITLE = "Configuration"
CONFIG_DOCS_PATH = "docs/configuration.md"
CONFIG_DOCS = f"\"{CONFIG_DOCS_TITLE}\" in edtfeed's docs ({CONFIG_DOCS_PATH} in its repository)"

MAX_RECORD_MIB = 32  # the default of `[episodes] max_record_mib`: the largest record file read
MAX_EPISODE_SECONDS = 48 * 3600  # longer is a host error (or a live stream), not an episode

FEED_FILE = "feed.xml"  # <out>/<lang>/feed.xml
STYLESHEET_FILE = "feed.xsl"  # <out>/feed.xsl, what a browser shows a feed with
CHAPTERS_DIR = "chapters"  # <out>/<lang>/chapters/<slug>.json
TRANSCRIPTS_DIR = "transcripts"  # <out>/<lang>/transcripts/<slug>.html
EPISODES_DIR = "episodes"  # <out>/<lang>/episodes/<slug>.html, the episode pages
IMAGES_DIR = "images"  # <out>/<lang>/images/<sha256 prefix>.<ext>: pictures pasted into notes as data: URIs


def output_url(base_url: str, lang: str, path: str) -> str:
    """The public URL of a file published under `<out>/<lang>/` of a show served at `base_url`."""
    return f"{base_url}/{lang}/{path}"

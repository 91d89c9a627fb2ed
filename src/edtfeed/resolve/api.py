"""The Transistor API (JSON:API, `x-api-key`): for shows without a usable public feed.

The API cannot look an episode up by embed id, so the show's episode list is paged (sparse fieldsets keep pages
small) and each episode is matched by the id inside `share_url`, `embed_html` or `media_url`; paging stops once
every wanted id is found. The API has no byte length, MIME type or RSS guid: the media host fills the first two.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlsplit

from edtfeed.lock import TranscriptRef
from edtfeed.resolve.candidate import Candidate
from edtfeed.http import FetchError, HttpClient, Throttle, ascii_int, expect_ok, load_json
from edtfeed.resolve.ids import ids_in

FIELDS = ("title", "number", "season", "status", "published_at", "duration", "media_url", "share_url", "embed_html",
          "image_url", "transcript_url", "transcripts", "type", "audio_processing")
TRANSCRIPT_TYPES = {".txt": "text/plain", ".vtt": "text/vtt", ".srt": "application/srt", ".json": "application/json",
                    ".html": "text/html"}
MAX_PAGES = 1000  # when the API sends no totalPages: a hard stop against endless paging
_REJECTED = ("API key rejected (HTTP {status}); check the TRANSISTOR_API_KEY secret and that its user can see "
             "the show")
STATUS_MEANINGS = {  # 401/403 are never retried: a rejected key stays rejected
    401: _REJECTED,
    403: _REJECTED,
    404: "HTTP 404; check [transistor] show_id and api_url in edtfeed.toml",
}
NOT_PUBLISHED = "the episode is {status} on Transistor, not published yet"


@dataclass
class ApiLookup:
    found: dict[str, Candidate] = field(default_factory=dict)
    pages: int = 0  # list requests made
    scanned: int = 0  # distinct episodes seen


def lookup_episodes(
    client: HttpClient, api_url: str, show_id: str, api_key: str, wanted: set[str], *, per_page: int,
    throttle: Throttle,
) -> ApiLookup:
    """Page through the show's episodes until every wanted id is found or the list ends."""
    result = ApiLookup()
    seen: set[str] = set()
    page = 1
    url = f"{api_url}/episodes"
    while True:
        params = [("show_id", show_id), ("pagination[page]", str(page)), ("pagination[per]", str(per_page))]
        params += [("fields[episode][]", name) for name in FIELDS]
        where = f"{url}?show_id={show_id} (page {page})"
        response = client.request("GET", url, params=params, throttle=throttle, label=where,
                                  headers={"x-api-key": api_key, "Accept": "application/vnd.api+json"},
                                  allow_redirects=False)  # requests would forward the key header to any host
        result.pages += 1
        expect_ok(response, where, STATUS_MEANINGS)
        data, meta = _page(response.content, where)
        fresh = 0
        for resource in data:
            resource_id = str(resource.get("id"))
            attributes = resource.get("attributes")
            if resource_id in seen or not isinstance(attributes, dict):
                continue
            seen.add(resource_id)
            fresh += 1
            for embed_id in _embed_ids(attributes) & wanted:
                result.found.setdefault(embed_id, candidate_from_api(embed_id, attributes))
        result.scanned = len(seen)
        current = max(_int(meta.get("currentPage")) or page, page)
        total = _int(meta.get("totalPages"))
        done = wanted <= set(result.found) or not fresh
        if done or (total is not None and current >= total) or (total is None and result.pages >= MAX_PAGES):
            return result
        page = current + 1


def _page(body: bytes, where: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    payload = load_json(body, where)
    if not isinstance(payload, dict) or not isinstance(payload.get("data"), list):
        raise FetchError(f"{where}: the API answer has no `data` list (not a Transistor episode list)")
    meta = payload.get("meta")
    return [item for item in payload["data"] if isinstance(item, dict)], meta if isinstance(meta, dict) else {}


def _embed_ids(attributes: dict[str, Any]) -> set[str]:
    return ids_in(str(attributes.get(key) or "") for key in ("share_url", "embed_html", "media_url"))


def candidate_from_api(embed_id: str, attributes: dict[str, Any]) -> Candidate:
    """Map an API episode; readiness follows Transistor's own flags."""
    media_url = str(attributes.get("media_url") or "").strip() or None
    duration = _int(attributes.get("duration"))
    status = str(attributes.get("status") or "published")
    candidate = Candidate(
        embed_id=embed_id,
        source="api",
        url=media_url,
        duration=duration,
        episode=_int(attributes.get("number")),
        season=_int(attributes.get("season")),
        episode_type=str(attributes.get("type") or "").lower() or None,
        pub_date=parse_api_time(attributes.get("published_at")),
        image=str(attributes.get("image_url") or "") or None,
        title=str(attributes.get("title") or "") or None,
        transcripts=_transcripts(attributes),
    )
    if attributes.get("audio_processing") is True:
        candidate.not_ready = "its audio is still processing on Transistor (audio_processing)"
    elif status != "published":
        candidate.not_ready = NOT_PUBLISHED.format(status=status)
    elif media_url is None:
        candidate.not_ready = "Transistor has no media URL for it yet"
    elif duration is None:
        candidate.not_ready = "Transistor reports no duration for it yet (audio not processed?)"
    return candidate


def _transcripts(attributes: dict[str, Any]) -> list[TranscriptRef]:
    """`transcripts[]` (strings or objects: the shape is undocumented) plus `transcript_url`, typed by extension."""
    entries: list[Any] = list(attributes.get("transcripts") or []) if isinstance(attributes.get("transcripts"), list) \
        else []
    entries.append(attributes.get("transcript_url"))
    refs: dict[str, TranscriptRef] = {}
    for entry in entries:
        url = entry.get("url") if isinstance(entry, dict) else entry
        if not isinstance(url, str) or not url.strip():
            continue
        mime = TRANSCRIPT_TYPES.get(posixpath.splitext(urlsplit(url).path)[1].lower())
        if mime is not None:  # a share page without an extension is HTML for people, not a transcript file
            language = entry.get("language") if isinstance(entry, dict) else None
            refs.setdefault(url.strip(), TranscriptRef(url=url.strip(), type=mime, language=language or None))
    return list(refs.values())


def parse_api_time(value: Any) -> datetime | None:
    """`published_at` as Transistor sends it ("2024-05-14 09:00:00 UTC"), or ISO 8601; None when unusable."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().replace(" UTC", "+00:00").replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value > 0 else None
    if isinstance(value, str):
        return ascii_int(value) or None
    return None

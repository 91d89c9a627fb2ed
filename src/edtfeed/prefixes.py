"""Analytics prefixes: the redirect services a listener's app passes through before the audio file.

A prefix is a URL put in front of the media URL without its scheme (`https://op3.dev/e/` + `media.example.org/
ep1.mp3`); the service counts the request and redirects to the rest. Each language feed of a show points at the
same audio, so the host's statistics cannot tell the feeds apart; OP3's `e,pg=<podcast:guid>` form credits a
download to one feed's guid. This module is the one place that knows the services (the table below), splits a
prefixed URL into its chain and the bare media URL, and applies a show's configured prefixes:

- the host's own prefixes are removed first, then the configured ones are applied in the order listed (the first
  listed is the first hop an app requests);
- every rule hosts document is checked on the configured list (`prefix_problems`), so a list that would break
  downloads stops the run at the config: at most four hops, https only, each prefix ends in "/" (the file name
  and extension stay at the end of the URL), no service that is known to be dead, no service twice.

An enclosure that only gained or lost a prefix is the same audio: guids, the ledger and `validate --migration`
compare `strip_prefixes` of both URLs. `edtfeed validate` reads the same table but checks the written feed with its
own logic.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MAX_HOPS = 4  # PRX: keep at most four prefixes, Apple limits redirects (source in validate/rules.py)
PLACEHOLDERS = ("podcast_guid", "lang")  # what a prefix template may contain in braces


@dataclass(frozen=True)
class PrefixService:
    """A known prefix service: `pattern` matches its prefix at the start of a URL without scheme."""

    name: str
    pattern: re.Pattern[str]
    dead: bool = False  # its redirects fail: an enclosure behind it does not download


def _service(name: str, pattern: str, dead: bool = False) -> PrefixService:
    return PrefixService(name, re.compile(pattern, re.IGNORECASE), dead)


# The prefixes real feeds carry (hosts' documentation, public feeds). Chartable closed on 12 Dec 2024 and its
# redirects now fail: https://github.com/podlove/podlove-publisher/issues/1510.
SERVICES: tuple[PrefixService, ...] = (
    _service("OP3", r"op3\.dev/e(?:,[^/?#]*)?/"),
    _service("Podtrac", r"(?:dts|www)\.podtrac\.com/(?:pts/)?redirect\.[a-z0-9]{2,4}/"),
    _service("Podcorn", r"pdcn\.co/e/"),
    _service("Podscribe", r"(?:pscrb\.fm|verifi\.podscribe\.com)/rss/p/"),
    _service("Podsights", r"pdst\.fm/e/"),
    _service("Magellan AI", r"mgln\.ai/e/[^/?#]+/"),
    _service("Claritas", r"clrtpod\.com/m/[^/?#]+/"),
    _service("Veritone", r"arttrk\.com/p/[^/?#]+/"),
    _service("Blubrry", r"media\.blubrry\.com/[^/?#]+/"),
    _service("Chartable", r"chtbl\.com/track/[^/?#]+/", dead=True),
    _service("Chartable", r"chrt\.fm/track/[^/?#]+/", dead=True),
)
_SCHEME = re.compile(r"^(https?)://", re.IGNORECASE)


@dataclass(frozen=True)
class Chain:
    """A media URL taken apart: the prefixes in the order an app meets them, and the URL they lead to."""

    prefixes: tuple[str, ...]  # each as written, without scheme ("op3.dev/e,pg=…/")
    services: tuple[PrefixService | None, ...]  # the known service of each prefix (None: one of `also`)
    bare: str  # the media URL behind them, with the scheme of the URL (or the one written inside the chain)
    schemes: tuple[str, ...]  # every scheme written in the URL, outermost first ("https", "http")


def split_chain(url: str, also: Iterable[str] = ()) -> Chain:
    """The prefixes at the front of `url`: the known services' and the exact (scheme-less) prefixes in `also`."""
    extra = sorted({_SCHEME.sub("", prefix) for prefix in also if prefix}, key=len, reverse=True)
    match = _SCHEME.match(url)
    schemes = [match.group(1).lower()] if match else []
    rest = url[match.end():] if match else url
    prefixes: list[str] = []
    services: list[PrefixService | None] = []
    while True:
        found = next(((service, hit.group(0)) for service in SERVICES if (hit := service.pattern.match(rest))), None)
        if found is None:
            own = next((prefix for prefix in extra if rest.lower().startswith(prefix.lower())), None)
            found = (None, rest[:len(own)]) if own else None
        if found is None or len(found[1]) >= len(rest):
            break
        services.append(found[0])
        prefixes.append(found[1])
        rest = rest[len(found[1]):]
        if inner := _SCHEME.match(rest):  # OP3 and others also take the media URL with its scheme
            schemes.append(inner.group(1).lower())
            rest = rest[inner.end():]
    scheme = schemes[-1] if schemes else ""
    bare = f"{scheme}://{rest}" if scheme else rest
    return Chain(tuple(prefixes), tuple(services), bare, tuple(schemes))


def strip_prefixes(url: str, also: Iterable[str] = ()) -> str:
    """The media URL behind every known prefix (and every prefix in `also`): what identifies the audio."""
    return split_chain(url, also).bare


def audio_key(url: str, also: Iterable[str] = ()) -> str:
    """What identifies the audio an enclosure URL leads to: the media URL behind every prefix, without its scheme
    (the same file over http and https is the same audio)."""
    return _SCHEME.sub("", strip_prefixes(url, also))


def same_audio(one: str | None, other: str | None, also: Iterable[str] = ()) -> bool:
    """Two enclosure URLs of the same audio file: equal once their prefixes are removed, or one is the other behind
    a prefix of a service this module does not know (`https://stats.example.org/es/` + the other URL)."""
    if one is None or other is None:
        return one == other
    also = tuple(also)
    a, b = audio_key(one, also), audio_key(other, also)
    return a == b or a.endswith(f"/{b}") or b.endswith(f"/{a}")


def fill(template: str, podcast_guid: str, lang: str) -> str:
    """A prefix template with `{podcast_guid}` and `{lang}` filled in for one feed."""
    return template.replace("{podcast_guid}", podcast_guid).replace("{lang}", lang)


def apply_prefixes(url: str, prefixes: Sequence[str]) -> str:
    """`url` behind `prefixes` (filled templates, first listed outermost), after removing the prefixes it has.

    The result is https when any prefix is applied (prefix_problems refuses any other), and ends with the bare
    URL's host, path and query: the file name and extension stay last, as apps and Apple need."""
    bare = strip_prefixes(url, prefixes)
    if not prefixes:
        return bare
    return prefixes[0] + "".join(_SCHEME.sub("", hop) for hop in [*prefixes[1:], bare])


def _placeholders(template: str) -> list[str]:
    return re.findall(r"\{([^{}]*)\}", template)


def prefix_problems(templates: Sequence[str]) -> list[str]:
    """What is wrong with a configured list of prefix templates, one message per mistake (empty: fine)."""
    problems: list[str] = []
    if len(templates) > MAX_HOPS:
        problems.append(f"{len(templates)} prefixes make {len(templates)} redirects before the audio; Apple and "
                        f"apps give up after a few: keep at most {MAX_HOPS}")
    seen: dict[str, str] = {}
    for template in templates:
        unknown = [name for name in _placeholders(template) if name not in PLACEHOLDERS]
        if unknown:
            problems.append(f"{template!r}: unknown placeholder {{{unknown[0]}}} (only {{podcast_guid}} and {{lang}})")
            continue
        sample = fill(template, "00000000-0000-5000-8000-000000000000", "xx")
        if not sample.lower().startswith("https://"):
            problems.append(f"{template!r}: a prefix must be an https URL (apps refuse to follow https audio to "
                            "http, and Apple requires https)")
            continue
        if not sample.endswith("/") or "?" in sample or "#" in sample:
            problems.append(f"{template!r}: a prefix must end with \"/\" and have no query, so the audio URL "
                            "(its path, file name and extension) follows it unchanged")
            continue
        chain = split_chain(sample + "media.example.org/episode.mp3")
        service = chain.services[0] if len(chain.prefixes) == 1 else None
        if service is not None and service.dead:
            problems.append(f"{template!r}: {service.name} has shut down and its redirects fail, so the audio "
                            "would not download: remove it")
            continue
        key = service.name if service is not None else sample.lower()
        if key in seen:
            problems.append(f"{template!r}: {'the same prefix' if service is None else service.name} is listed "
                            f"twice ({seen[key]!r}); each download would be counted twice: keep one")
            continue
        seen[key] = template
    return problems

"""Channel tags that tell directories how to hear about changes: WebSub hub link and the Podping flag."""

from __future__ import annotations

from lxml import etree

from edtfeed.episodes.episode import build_episode
from edtfeed.render import render_feed
from tests.factories import make_audio, make_config, make_record

ATOM = "{http://www.w3.org/2005/Atom}"
PODCAST = "{https://podcastindex.org/namespace/1.0}"


def channel(**publish: object) -> etree._Element:
    config = make_config()
    config = config.model_copy(update={"publish": config.publish.model_copy(update=publish)})
    episode = build_episode(make_record(), make_audio(), config)
    return etree.fromstring(render_feed(config, "en", [episode], ["en"])).find("channel")


def test_hub_link_and_podping_when_configured() -> None:
    chan = channel(websub_hub="https://hub.example/", podping=True)
    hubs = [link.get("href") for link in chan.iter(f"{ATOM}link") if link.get("rel") == "hub"]
    assert hubs == ["https://hub.example/"]
    assert any(link.get("rel") == "self" for link in chan.iter(f"{ATOM}link")), "WebSub needs rel=self too"
    [podping] = chan.iter(f"{PODCAST}podping")
    assert podping.attrib == {"usesPodping": "true"}


def test_neither_by_default() -> None:
    chan = channel()
    assert not [link for link in chan.iter(f"{ATOM}link") if link.get("rel") == "hub"]
    assert not list(chan.iter(f"{PODCAST}podping"))

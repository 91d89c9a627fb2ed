"""Episode artwork: a record's `image`/`img` as the absolute JPEG/PNG URL that `itunes:image` needs.

Records name their picture relative to their own folder (`image: thumbnail.png`); `[episodes] image_url` says where
the site serves it, e.g. `https://example.org/{dir}/{file}` with `{dir}` the record's folder relative to the
episodes dir. A value starting with `/` is taken relative to the episodes dir itself. Apple accepts only
JPEG and PNG artwork; anything else (`thumbnail.bmp` exists in the wild) is not emitted.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import PurePosixPath
from urllib.parse import quote, urlsplit

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png")


def episode_image_url(image: str | None, record_rel: str, template: str | None) -> tuple[str | None, str | None]:
    """(absolute URL or None, a warning saying why a written image was not used, or None)."""
    if not image or not image.strip():
        return None, None
    image = image.strip()
    absolute = image.startswith(("https://", "http://"))
    if _suffix(urlsplit(image).path if absolute else image).lower() not in IMAGE_SUFFIXES:
        return None, f"episode image {image!r} is not .jpg/.jpeg/.png (Apple accepts only JPEG and PNG); not used"
    if absolute:
        return image, None
    if template is None:
        return None, f"episode image {image!r} is relative; set [episodes] image_url to publish it"
    folder = "" if image.startswith("/") else str(PurePosixPath(record_rel).parent)
    path = posixpath.normpath(posixpath.join(folder, image.lstrip("/")))
    if path.startswith("../"):
        return None, f"episode image {image!r} points outside the episodes dir; not used"
    directory, file = posixpath.split(path)
    url = template.format(dir=quote(directory), file=quote(file))
    scheme, rest = url.split("://", 1)
    return f"{scheme}://{re.sub(r'/{2,}', '/', rest)}", None


def _suffix(path: str) -> str:
    """PurePosixPath(path).suffix without building a path object: this runs twice per record per build (the item,
    then its warnings), and the object was most of the function's time."""
    name = next((part for part in reversed(path.split("/")) if part and part != "."), "")
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""

"""Where a form or link may send the browser next: only paths on this site (no open redirect)."""
from urllib.parse import urlsplit


def local_next(url, fallback=None):
    """`url` when it is a path on this site, else `fallback`.

    Refused: anything not starting with one "/" (absolute URLs, protocol-relative
    "//host"), backslashes (browsers read "/\\host" as "//host") and control characters.
    """
    if not url or not url.startswith("/") or url.startswith("//") or "\\" in url:
        return fallback
    if any(ord(char) < 32 or ord(char) == 127 for char in url):
        return fallback
    parts = urlsplit(url)
    return fallback if parts.scheme or parts.netloc else url

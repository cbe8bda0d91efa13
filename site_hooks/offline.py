"""MkDocs hook: keep every page offline.

mkdocs-jupyter's notebook template links MathJax and Mermaid from public CDNs on every
notebook page. Our notebooks use neither, and the site must work with no network, so those
tags are removed; any other reference to another host in a script, stylesheet or image fails
the build, naming the page.
"""

from __future__ import annotations

import re

CDN_SCRIPT = re.compile(r'<script[^>]*\bsrc="https?://[^"]*(mathjax|mermaid)[^"]*"[^>]*>\s*</script>', re.I)
CDN_MODULE = re.compile(r'<script type="module">[^<]*?import mermaid from "https?://[^"]+";.*?</script>', re.S)
# A tag that makes the browser fetch from another host. Two absolute URLs are not fetches from
# elsewhere: the canonical link (metadata, never loaded; `mkdocs serve` sets it to its own
# address) and anything on this machine's loopback address.
EXTERNAL = re.compile(
    r'<(script|link|img|iframe)\b(?![^>]*\brel="canonical")[^>]*\b(src|href)='
    r'"(https?:)?//(?!(127\.0\.0\.1|localhost)[:/"])',
    re.I,
)


def on_post_page(output: str, page, config) -> str:
    output = CDN_MODULE.sub("", CDN_SCRIPT.sub("", output))
    found = EXTERNAL.search(output)
    if found:
        start = max(0, found.start() - 80)
        raise ValueError(f"{page.file.src_path} loads a file from another host: {output[start : found.end() + 80]!r}")
    return output

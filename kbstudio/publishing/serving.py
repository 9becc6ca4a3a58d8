"""The preview server's request handler: static files as a static host serves them.

That is: the site's own 404 page for a missing file, and text files (pages, scripts,
the search index) gzip-compressed for a client that accepts it, as every mainstream
static host and CDN does. What a reader transfers before the first search results is
then what a real host would send.
"""

from __future__ import annotations

import gzip
import http.server
import io
import os
from pathlib import Path
from typing import Any

COMPRESSED = frozenset({".html", ".js", ".css", ".xml", ".json", ".atom", ".txt", ".svg"})
LEVEL = 6  # gzip level: what hosts commonly use (nginx's gzip_comp_level 6, Apache's default)


def accepts_gzip(header: str | None) -> bool:
    """Whether an Accept-Encoding header allows gzip ("gzip;q=0" refuses it)."""
    for part in (header or "").split(","):
        name, _, params = part.strip().partition(";")
        if name.strip().lower() in ("gzip", "*"):
            q = params.strip().lower().removeprefix("q=")
            try:
                return not params or float(q) > 0
            except ValueError:
                return True
    return False


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves one site folder (``directory=``); quiet: no line per request."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self) -> Any:
        path = self.translate_path(self.path)
        if (
            os.path.isfile(path)
            and os.path.splitext(path)[1] in COMPRESSED
            and accepts_gzip(self.headers.get("Accept-Encoding"))
        ):
            data = gzip.compress(Path(path).read_bytes(), compresslevel=LEVEL, mtime=0)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(path))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            return io.BytesIO(data)
        return super().send_head()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

"""A LibreTranslate stand-in on 127.0.0.1 for the tests: never the internet.

It speaks ``POST /translate`` (q, source, target, format, api_key as query string, form or
JSON, as LibreTranslate accepts) and answers ``{"translatedText": ...}``. The text is
"translated" by a tagging rule so tests can see what was sent. Failure modes are chosen
per test through ``StubServer.script``: a list of replies used first, one per request.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


def fake_translate(text: str, target: str) -> str:
    """Upper-case the words, keep placeholders: visibly translated, reversible."""
    return f"{target}:" + text.upper()


@dataclass
class StubServer:
    url: str = ""
    script: list[str] = field(
        default_factory=list
    )  # "ok", "slow", "500", "429", "400", "bad-json", "no-key", "down"
    requests: list[dict[str, str]] = field(default_factory=list)
    slow_seconds: float = 2.0
    translate: object = fake_translate


def make_handler(stub: StubServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # quiet
            return

        def do_POST(self) -> None:
            parsed = urlparse(self.path)
            if parsed.path != "/translate":
                self._reply(404, {"error": "Not Found"})
                return
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode() if length else ""
            params = {k: v[0] for k, v in parse_qs(parsed.query).items()}
            if raw:
                if self.headers.get("Content-Type", "").startswith("application/json"):
                    params.update(json.loads(raw))
                else:
                    params.update({k: v[0] for k, v in parse_qs(raw).items()})
            stub.requests.append(params)
            mode = stub.script.pop(0) if stub.script else "ok"
            if mode == "slow":
                time.sleep(stub.slow_seconds)
                mode = "ok"
            if mode.isdigit():
                self._reply(int(mode), {"error": f"stub error {mode}"})
            elif mode == "bad-json":
                self._send(200, b'{"translatedText": "unterminated')
            elif mode == "no-key":
                self._reply(200, {"something": "else"})
            else:
                text = stub.translate(params.get("q", ""), params.get("target", ""))  # type: ignore[operator]
                self._reply(200, {"translatedText": text})

        def _reply(self, status: int, body: dict[str, str]) -> None:
            self._send(status, json.dumps(body).encode())

        def _send(self, status: int, data: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


def start() -> tuple[StubServer, ThreadingHTTPServer]:
    stub = StubServer()
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(stub))
    server.daemon_threads = True
    stub.url = f"http://127.0.0.1:{server.server_address[1]}/"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return stub, server

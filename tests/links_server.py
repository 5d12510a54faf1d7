"""A local web server for the link tests: every answer `packgen links` must handle, on 127.0.0.1.

No test touches the internet. ``LinkServer.url("/ok")`` is an address on this server; the routes
below cover each outcome: fine, HEAD refused, moved for good, moved for now, gone, broken, slow,
a loop, a move to another host, a move to a non-web address. ``refused_url()`` is a port nothing
listens on.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

# path -> (status, Location or None). "{other}" is this server under another host name.
REDIRECTS: dict[str, tuple[int, str]] = {
    "/moved-301": (301, "/new-home"),
    "/moved-308": (308, "/new-308"),
    "/found-302": (302, "/ok"),
    "/see-other-303": (303, "/ok"),
    "/temporary-307": (307, "/ok"),
    "/loop-a": (301, "/loop-b"),
    "/loop-b": (301, "/loop-a"),
    "/elsewhere": (301, "{other}/ok"),
    "/to-ftp": (302, "ftp://files.example.org/leaflet.pdf"),
    "/moved-then-302": (301, "/moved-then-302-b"),
    "/moved-then-302-b": (302, "/ok"),
    "/moved-then-404": (301, "/gone-404"),
    "/trailing": (301, "/trailing/"),
    "/no-location": (301, ""),
}
STATUSES: dict[str, int] = {
    "/ok": 200, "/new-home": 200, "/new-308": 200, "/trailing/": 200, "/new-page": 200,
    "/gone-404": 404, "/gone-410": 410, "/error-500": 500, "/forbidden": 403,
}
SLOW_SECONDS = 5.0


@dataclass
class LinkServer:
    """The running server, and what it was asked."""

    port: int
    requests: list[tuple[str, str, str]] = field(default_factory=list)  # (method, path, user agent)
    busy: int = 0
    most_busy: int = 0
    stopping: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def asked(self, path: str) -> list[str]:
        """The methods used on ``path``, in order."""
        return [method for method, asked_path, _ in self.requests if asked_path == path]


def refused_url() -> str:
    """An address on a local port that nothing listens on: the connection is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def _handler(server: LinkServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_HEAD(self) -> None:
            self.answer(head=True)

        def do_GET(self) -> None:
            self.answer(head=False)

        def answer(self, head: bool) -> None:
            path = self.path.split("?", 1)[0]
            with server.lock:
                server.requests.append((self.command, path, self.headers.get("User-Agent", "")))
            if path == "/slow":
                server.stopping.wait(SLOW_SECONDS)
                return self.reply(200)
            if path.startswith("/busy/"):
                return self.busy()
            if path in ("/head-rejected", "/head-not-implemented"):
                return self.reply((405 if path == "/head-rejected" else 501) if head else 200)
            if path in REDIRECTS:
                status, location = REDIRECTS[path]
                return self.reply(status, location.replace("{other}", server.url("", "localhost")))
            return self.reply(STATUSES.get(path, 404))

        def busy(self) -> None:
            with server.lock:
                server.busy += 1
                server.most_busy = max(server.most_busy, server.busy)
            time.sleep(0.15)
            with server.lock:
                server.busy -= 1
            self.reply(200)

        def reply(self, status: int, location: str | None = None) -> None:
            self.send_response(status)
            if location:
                self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

    return Handler


@contextmanager
def running_link_server() -> Iterator[LinkServer]:
    """Start the server in a thread; stop it (and cut short any slow answer) on leaving."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    server = LinkServer(httpd.server_address[1])
    httpd.RequestHandlerClass = _handler(server)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stopping.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@pytest.fixture(autouse=True)
def without_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    """A proxy set in the environment must not carry requests meant for 127.0.0.1."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def link_server() -> Iterator[LinkServer]:
    """The server, running in a thread for the whole test module."""
    with running_link_server() as server:
        yield server

"""One HTTP request, as a browser would make it; what came back, or why nothing did.

Standard library only (``urllib``): it honours the user's proxy settings (a school network often
has one) and needs no extra dependency for a few dozen requests. The response body is never read,
and redirects are *not* followed here: :mod:`packgen.links.check` follows them one hop at a time.
"""

from __future__ import annotations

import errno
import http.client
import socket
import ssl
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit, urlunsplit

# A current desktop browser: some sites answer scripts' default agents with 403 or a captcha.
USER_AGENT = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/131.0.0.0 Safari/537.36")
HEADERS = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
           "Accept-Language": "en-GB,en;q=0.8"}


class NetworkFailure(Exception):
    """A request got no HTTP answer; ``kind`` is dns, connection, timeout or tls."""

    def __init__(self, kind: str, message: str, retry: bool = False) -> None:
        super().__init__(message)
        self.kind, self.message, self.retry = kind, message, retry
        self.url: str | None = None  # set to the address that failed, which may be a redirect's target


@dataclass(frozen=True)
class Answer:
    """A response's status, its Location header and the cookies it set."""

    status: int
    location: str | None
    cookies: dict[str, str] = field(default_factory=dict)


class _KeepStatus(urllib.request.HTTPErrorProcessor):
    """Hand every response back as it is: no exception for 4xx/5xx, no automatic redirect."""

    def http_response(self, request: urllib.request.Request, response: object) -> object:
        return response

    https_response = http_response


def request(url: str, method: str, timeout: float, cookies: dict[str, str]) -> Answer:
    """One request; the body is never read. Raises :class:`NetworkFailure` when no answer comes."""
    headers = dict(HEADERS)
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    prepared = urllib.request.Request(_ascii_url(url), method=method, headers=headers)
    deadline = _Deadline()
    opener = urllib.request.build_opener(_KeepStatus(), _DeadlineHTTPHandler(deadline), _DeadlineHTTPSHandler(deadline))
    timer = threading.Timer(timeout, deadline.expire)
    timer.daemon = True
    timer.start()
    try:
        with opener.open(prepared, timeout=timeout) as response:
            answer = Answer(response.status, response.headers.get("Location"),
                            _cookies(response.headers.get_all("Set-Cookie") or []))
        if deadline.expired:  # the timer cut the headers short: what was read is not the answer
            raise TimeoutError()
        return answer
    except urllib.error.URLError as exc:
        raise _failure(TimeoutError() if deadline.expired else
                       exc.reason if isinstance(exc.reason, BaseException) else exc) from None
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise _failure(TimeoutError() if deadline.expired else exc) from None
    finally:
        timer.cancel()
        deadline.close()


class _Deadline:
    """Bounds a whole request, not each read: a server that sends one header line a second keeps
    every single read under a socket timeout, so a timer shuts the request's sockets when time is up."""

    def __init__(self) -> None:
        self.expired = False
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()

    def watch(self, sock: socket.socket | None) -> None:
        with self.lock:
            if sock is not None:
                self.sockets.append(sock)
            if self.expired:
                self._shut()

    def expire(self) -> None:
        with self.lock:
            self.expired = True
            self._shut()

    def close(self) -> None:
        with self.lock:
            self.sockets.clear()

    def _shut(self) -> None:
        for sock in self.sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def _watched(base: type[http.client.HTTPConnection], deadline: _Deadline) -> type[http.client.HTTPConnection]:
    class Watched(base):  # type: ignore[valid-type, misc]
        def connect(self) -> None:
            super().connect()
            deadline.watch(self.sock)

    return Watched


class _DeadlineHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self.connection = _watched(http.client.HTTPConnection, deadline)

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self.connection, req)  # type: ignore[arg-type]


class _DeadlineHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self.connection = _watched(http.client.HTTPSConnection, deadline)

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self.connection, req, context=self._context)  # type: ignore[attr-defined]


def _failure(exc: BaseException | str) -> NetworkFailure:
    """Put a low-level error into words a person can act on."""
    if isinstance(exc, ssl.SSLCertVerificationError):
        return NetworkFailure("tls", f"the site's security certificate is not valid ({exc.verify_message})")
    if isinstance(exc, ssl.SSLError):
        return NetworkFailure("tls", f"a secure (https) connection could not be made ({exc.reason or exc})")
    if isinstance(exc, TimeoutError):
        return NetworkFailure("timeout", "no answer in time")
    if isinstance(exc, socket.gaierror):
        definite = exc.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME))
        return NetworkFailure("dns", "no such site (DNS lookup failed)" if definite else "DNS lookup failed",
                              retry=not definite)
    if isinstance(exc, ConnectionRefusedError):
        return NetworkFailure("connection", "connection refused", retry=True)
    if isinstance(exc, OSError) and exc.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
        return NetworkFailure("connection", "network unreachable", retry=True)
    if isinstance(exc, (OSError, http.client.HTTPException)):
        return NetworkFailure("connection", f"the connection failed ({type(exc).__name__})", retry=True)
    return NetworkFailure("connection", f"could not be opened ({exc})")


def _cookies(headers: list[str]) -> dict[str, str]:
    """name=value pairs from Set-Cookie: some sites redirect in a loop to a client that drops them."""
    pairs = (header.split(";", 1)[0].split("=", 1) for header in headers)
    return {pair[0].strip(): pair[1].strip() for pair in pairs if len(pair) == 2 and pair[0].strip()}


def _ascii_url(url: str) -> str:
    """Percent-encode a URL's path and query, and IDNA-encode its host, as a browser would."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        pass
    host = f"[{host}]" if ":" in host else host  # an IPv6 address
    netloc = host + (f":{parts.port}" if parts.port else "")
    safe = "/:@!$&'()*+,;=%~-._"
    return urlunsplit((parts.scheme, netloc, quote(parts.path, safe), quote(parts.query, safe + "?"), ""))



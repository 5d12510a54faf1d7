"""Check web addresses: follow redirects by hand, record the chain, classify the outcome.

Redirects are followed here, one request (:mod:`packgen.links.request`) per hop, so that every hop
is recorded, loops are caught, and a redirect to a non-web scheme is never followed. Many links
are checked at once, but only a few at a time per site.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from enum import StrEnum
from http import HTTPStatus
from urllib.parse import urljoin, urlsplit

from packgen.links.request import USER_AGENT, Answer, NetworkFailure, request
from packgen.links.sites import same_site

__all__ = ["USER_AGENT", "CheckSettings", "Hop", "LinkResult", "Outcome", "check_link", "check_links", "classify"]

PERMANENT = frozenset({301, 308})
TEMPORARY = frozenset({302, 303, 307})
BLOCKING = frozenset({401, 403, 429})  # the site refused a script; a person may well get through


class Outcome(StrEnum):
    """What happened to one link, worst last."""

    OK = "ok"
    MOVED = "moved"                  # 301/308: the page has a new address
    REDIRECTED = "redirected"        # 302/303/307: works, via a temporary redirect
    BLOCKED = "blocked"              # 401/403/429: the site would not answer an automatic check
    CLIENT_ERROR = "client-error"    # 404, 410, ...
    SERVER_ERROR = "server-error"    # 5xx
    TIMEOUT = "timeout"
    UNREACHABLE = "unreachable"      # DNS lookup or connection failed
    TLS_ERROR = "tls-error"
    REDIRECT_LOOP = "redirect-loop"  # a loop, or too many redirects
    BAD_REDIRECT = "bad-redirect"    # to a non-web address, or with no address at all

    @property
    def broken(self) -> bool:
        """Would a person scanning the QR code fail to reach the page?"""
        return self not in (Outcome.OK, Outcome.MOVED, Outcome.REDIRECTED, Outcome.BLOCKED)


@dataclass(frozen=True)
class CheckSettings:
    """How patiently and how widely to check."""

    timeout: float = 10.0
    max_redirects: int = 10
    workers: int = 8
    per_host: int = 2
    retry_delay: float = 0.5


@dataclass(frozen=True)
class Hop:
    """One request in a redirect chain and the status it got."""

    url: str
    status: int
    method: str


@dataclass(frozen=True)
class LinkResult:
    """The outcome for one URL, with the chain of hops that led to it."""

    url: str
    outcome: Outcome
    detail: str
    hops: tuple[Hop, ...] = ()
    new_url: str | None = None   # where a permanent redirect points: what `--fix` would write
    failure: str | None = None   # for network failures: "dns", "connection", "timeout" or "tls"
    seconds: float = 0.0

    @property
    def final_url(self) -> str:
        return self.hops[-1].url if self.hops else self.url

    @property
    def status(self) -> int | None:
        return self.hops[-1].status if self.hops else None


def check_links(urls: Iterable[str], settings: CheckSettings = CheckSettings(),
                on_done: Callable[[LinkResult], None] | None = None) -> dict[str, LinkResult]:
    """Check each distinct URL once, concurrently, at most ``per_host`` at a time per host."""
    ordered = _interleave_hosts(dict.fromkeys(urls))
    limits = {host: threading.Semaphore(settings.per_host) for host in {_host(u) for u in ordered}}

    def run(url: str) -> LinkResult:
        with limits[_host(url)]:
            result = check_link(url, settings)
        if on_done:
            on_done(result)
        return result

    with ThreadPoolExecutor(max_workers=max(1, min(settings.workers, len(ordered) or 1))) as pool:
        results = list(pool.map(run, ordered))
    return {result.url: result for result in results}


def check_link(url: str, settings: CheckSettings = CheckSettings()) -> LinkResult:
    """Follow ``url`` through its redirects and classify where it ends."""
    started = time.monotonic()
    hops: list[Hop] = []
    try:
        result = _follow(url, settings, hops)
    except NetworkFailure as failure:
        result = _network_result(url, failure, hops, settings)
    return replace(result, seconds=round(time.monotonic() - started, 3))


def _follow(url: str, settings: CheckSettings, hops: list[Hop]) -> LinkResult:
    seen = {_without_fragment(url)}
    current, cookies = url, dict[str, str]()
    for _ in range(settings.max_redirects + 1):
        try:
            method, answer = _ask(current, settings, cookies)
        except NetworkFailure as failure:
            failure.url = current
            raise
        hops.append(Hop(current, answer.status, method))
        cookies.update(answer.cookies)
        if answer.status not in PERMANENT | TEMPORARY:
            return classify(url, tuple(hops))
        if not answer.location:
            return LinkResult(url, Outcome.BAD_REDIRECT, f"a {answer.status} redirect with no new address",
                              tuple(hops))
        target = _keep_fragment(urljoin(current, answer.location), url)
        if urlsplit(target).scheme.lower() not in ("http", "https"):
            return LinkResult(url, Outcome.BAD_REDIRECT, f"redirects to a non-web address ({_short(target)})",
                              tuple(hops))
        if _without_fragment(target) in seen:
            return LinkResult(url, Outcome.REDIRECT_LOOP, f"redirect loop: back to {_short(target)} after "
                              f"{len(hops)} redirect{'s' * (len(hops) > 1)}", tuple(hops))
        seen.add(_without_fragment(target))
        current = target
    return LinkResult(url, Outcome.REDIRECT_LOOP, f"more than {settings.max_redirects} redirects", tuple(hops))


def classify(url: str, hops: tuple[Hop, ...]) -> LinkResult:
    """Name the outcome of a chain whose last hop is not a redirect."""
    final = hops[-1]
    after = f" (after redirecting to {_short(final.url)})" if len(hops) > 1 else ""
    if final.status >= 500 or final.status < 200:
        return LinkResult(url, Outcome.SERVER_ERROR, f"{_phrase(final.status)}: the site has a problem{after}", hops)
    if final.status in BLOCKING:
        return LinkResult(url, Outcome.BLOCKED, f"{_phrase(final.status)}: the site refused an automatic check",
                          hops)
    if final.status >= 300:
        return LinkResult(url, Outcome.CLIENT_ERROR, f"{_phrase(final.status)}{_meaning(final.status)}{after}", hops)
    moved = 0
    while moved < len(hops) - 1 and hops[moved].status in PERMANENT:
        moved += 1
    if moved:
        new_url = hops[moved].url
        then = f", which then redirects to {_short(final.url)}" if moved < len(hops) - 1 else ""
        away = "" if same_site(url, new_url) else " (another site)"
        return LinkResult(url, Outcome.MOVED, f"moved to {new_url}{away}{then}", hops, new_url=new_url)
    if len(hops) > 1:
        return LinkResult(url, Outcome.REDIRECTED, f"temporary redirect ({hops[0].status}) to {final.url}", hops)
    return LinkResult(url, Outcome.OK, _phrase(final.status), hops)


def _ask(url: str, settings: CheckSettings, cookies: dict[str, str]) -> tuple[str, Answer]:
    """HEAD first (cheap); GET when the server rejects or mishandles HEAD, as many do."""
    answer = _request_with_retry(url, "HEAD", settings, cookies)
    if answer.status < 400:
        return "HEAD", answer
    return "GET", _request_with_retry(url, "GET", settings, cookies)


def _request_with_retry(url: str, method: str, settings: CheckSettings, cookies: dict[str, str]) -> Answer:
    try:
        return request(url, method, settings.timeout, cookies)
    except NetworkFailure as failure:
        if not failure.retry:
            raise
    time.sleep(settings.retry_delay)
    return request(url, method, settings.timeout, cookies)


def _network_result(url: str, failure: NetworkFailure, hops: list[Hop], settings: CheckSettings) -> LinkResult:
    outcome = {"tls": Outcome.TLS_ERROR, "timeout": Outcome.TIMEOUT}.get(failure.kind, Outcome.UNREACHABLE)
    message = f"no answer within {settings.timeout:g} s" if failure.kind == "timeout" else failure.message
    where = f" (after redirecting to {_short(failure.url)})" if hops and failure.url else ""
    return LinkResult(url, outcome, f"{message}{where}", tuple(hops), failure=failure.kind)


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _interleave_hosts(urls: Iterable[str]) -> list[str]:
    """Round-robin over hosts, so workers rarely wait on one busy host's limit."""
    by_host: dict[str, list[str]] = {}
    for url in urls:
        by_host.setdefault(_host(url), []).append(url)
    queues, ordered = list(by_host.values()), []
    while any(queues):
        ordered += [queue.pop(0) for queue in queues if queue]
    return ordered


def _without_fragment(url: str) -> str:
    return url.split("#", 1)[0]


def _keep_fragment(target: str, original: str) -> str:
    """A browser keeps the original #fragment across a redirect whose target has none."""
    if "#" in original and "#" not in target:
        return f"{target}#{original.split('#', 1)[1]}"
    return target


def _phrase(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def _meaning(status: int) -> str:
    return {404: ": the page is not there", 410: ": the page was removed"}.get(status, "")


def _short(url: str, limit: int = 80) -> str:
    return url if len(url) <= limit else url[: limit - 1] + "…"

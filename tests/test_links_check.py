"""packgen.links.check against a local server: every answer a link can get, and how it is named."""

from __future__ import annotations

import time

import pytest
from links_server import LinkServer, link_server, refused_url, without_proxies  # noqa: F401  (fixtures)

from packgen.links.check import USER_AGENT, CheckSettings, Outcome, check_link, check_links

FAST = CheckSettings(timeout=0.5, retry_delay=0.05)


@pytest.mark.parametrize(("path", "outcome", "status", "detail"), [
    ("/ok", Outcome.OK, 200, "200 OK"),
    ("/head-rejected", Outcome.OK, 200, "200 OK"),
    ("/head-not-implemented", Outcome.OK, 200, "200 OK"),
    ("/found-302", Outcome.REDIRECTED, 200, "temporary redirect (302) to {base}/ok"),
    ("/see-other-303", Outcome.REDIRECTED, 200, "temporary redirect (303) to {base}/ok"),
    ("/temporary-307", Outcome.REDIRECTED, 200, "temporary redirect (307) to {base}/ok"),
    ("/gone-404", Outcome.CLIENT_ERROR, 404, "404 Not Found: the page is not there"),
    ("/gone-410", Outcome.CLIENT_ERROR, 410, "410 Gone: the page was removed"),
    ("/error-500", Outcome.SERVER_ERROR, 500, "500 Internal Server Error: the site has a problem"),
    ("/forbidden", Outcome.BLOCKED, 403, "403 Forbidden: the site refused an automatic check"),
    ("/moved-then-404", Outcome.CLIENT_ERROR, 404,
     "404 Not Found: the page is not there (after redirecting to {base}/gone-404)"),
])
def test_each_answer_is_classified(link_server: LinkServer, path: str, outcome: Outcome, status: int,
                                   detail: str) -> None:
    result = check_link(link_server.url(path), FAST)
    assert (result.outcome, result.status) == (outcome, status)
    assert result.detail == detail.format(base=link_server.url(""))
    assert result.new_url is None


@pytest.mark.parametrize(("path", "target"), [("/moved-301", "/new-home"), ("/moved-308", "/new-308"),
                                              ("/trailing", "/trailing/")])
def test_a_permanent_redirect_gives_the_new_address(link_server: LinkServer, path: str, target: str) -> None:
    result = check_link(link_server.url(path), FAST)
    assert result.outcome is Outcome.MOVED and not result.outcome.broken
    assert result.new_url == link_server.url(target)
    assert [(hop.url, hop.status) for hop in result.hops] == [(link_server.url(path), int(result.hops[0].status)),
                                                             (link_server.url(target), 200)]
    assert result.hops[0].status in (301, 308)
    assert result.detail == f"moved to {link_server.url(target)}"


def test_the_whole_chain_is_recorded(link_server: LinkServer) -> None:
    """301 then 302: the permanent part is the new address; the temporary hop after it is not."""
    result = check_link(link_server.url("/moved-then-302"), FAST)
    assert [(hop.url, hop.status) for hop in result.hops] == [
        (link_server.url("/moved-then-302"), 301), (link_server.url("/moved-then-302-b"), 302),
        (link_server.url("/ok"), 200)]
    assert result.outcome is Outcome.MOVED
    assert result.new_url == link_server.url("/moved-then-302-b")
    assert result.final_url == link_server.url("/ok")


def test_a_move_to_another_host_says_so(link_server: LinkServer) -> None:
    result = check_link(link_server.url("/elsewhere"), FAST)
    assert result.outcome is Outcome.MOVED
    assert result.new_url == link_server.url("/ok", host="localhost")
    assert result.detail.endswith("(another site)")


def test_a_redirect_loop_is_caught(link_server: LinkServer) -> None:
    result = check_link(link_server.url("/loop-a"), FAST)
    assert result.outcome is Outcome.REDIRECT_LOOP and result.outcome.broken
    assert [hop.url for hop in result.hops] == [link_server.url("/loop-a"), link_server.url("/loop-b")]
    assert result.detail == f"redirect loop: back to {link_server.url('/loop-a')} after 2 redirects"


def test_too_many_redirects_count_as_a_loop(link_server: LinkServer) -> None:
    result = check_link(link_server.url("/moved-then-302"), CheckSettings(timeout=0.5, max_redirects=1))
    assert result.outcome is Outcome.REDIRECT_LOOP
    assert result.detail == "more than 1 redirects"


def test_a_redirect_to_a_non_web_address_is_never_followed(link_server: LinkServer) -> None:
    before = len(link_server.requests)
    result = check_link(link_server.url("/to-ftp"), FAST)
    assert result.outcome is Outcome.BAD_REDIRECT and result.outcome.broken
    assert result.detail == "redirects to a non-web address (ftp://files.example.org/leaflet.pdf)"
    assert len(link_server.requests) == before + 1  # one HEAD; nothing was fetched from ftp://


def test_a_redirect_without_a_location_is_bad(link_server: LinkServer) -> None:
    assert check_link(link_server.url("/no-location"), FAST).outcome is Outcome.BAD_REDIRECT


def test_head_first_then_get_when_head_is_rejected(link_server: LinkServer) -> None:
    check_link(link_server.url("/head-rejected"), FAST)
    check_link(link_server.url("/ok"), FAST)
    assert link_server.asked("/head-rejected")[-2:] == ["HEAD", "GET"]
    assert link_server.asked("/ok")[-1] == "HEAD"
    assert all(agent == USER_AGENT for _, _, agent in link_server.requests)
    assert USER_AGENT.startswith("Mozilla/5.0 ")


def test_a_slow_site_times_out(link_server: LinkServer) -> None:
    started = time.monotonic()
    result = check_link(link_server.url("/slow"), FAST)
    assert time.monotonic() - started < 2
    assert (result.outcome, result.failure, result.hops) == (Outcome.TIMEOUT, "timeout", ())
    assert result.detail == "no answer within 0.5 s"


def test_a_refused_connection_is_retried_once() -> None:
    started = time.monotonic()
    result = check_link(refused_url(), CheckSettings(timeout=0.5, retry_delay=0.2))
    assert (result.outcome, result.failure, result.detail) == (Outcome.UNREACHABLE, "connection", "connection refused")
    assert time.monotonic() - started >= 0.2  # the retry waited before trying again


def test_an_unknown_host_is_a_dns_failure() -> None:
    result = check_link("https://no-such-service.invalid/help", FAST)
    assert (result.outcome, result.failure) == (Outcome.UNREACHABLE, "dns")
    assert "DNS lookup failed" in result.detail


def test_a_failed_secure_connection_is_a_tls_error(link_server: LinkServer) -> None:
    """https:// to a server that only speaks plain http: the TLS handshake fails."""
    result = check_link(link_server.url("/ok").replace("http://", "https://"), FAST)
    assert (result.outcome, result.failure) == (Outcome.TLS_ERROR, "tls")
    assert result.detail.startswith("a secure (https) connection could not be made")


def test_check_links_checks_each_address_once(link_server: LinkServer) -> None:
    urls = [link_server.url("/new-page"), link_server.url("/new-page"), link_server.url("/gone-410")]
    before = link_server.asked("/new-page")
    results = check_links(urls, FAST)
    assert list(results) == [urls[0], urls[2]]
    assert len(link_server.asked("/new-page")) == len(before) + 1


def test_at_most_two_requests_at_a_time_per_host(link_server: LinkServer) -> None:
    urls = [link_server.url(f"/busy/{n}") for n in range(6)]
    started = time.monotonic()
    results = check_links(urls, CheckSettings(timeout=2, workers=8, per_host=2))
    assert all(r.outcome is Outcome.OK for r in results.values())
    assert link_server.most_busy == 2
    assert time.monotonic() - started >= 0.4  # 6 requests of 0.15 s, two at a time

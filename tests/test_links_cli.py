"""`packgen links` end to end, against the local server: the table, the report, --fix, --stamp, rebuild."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner, Result
from links_server import LinkServer, link_server, refused_url, without_proxies  # noqa: F401  (fixtures)

import packgen
from packgen.cli import main

REPO_ROOT = Path(packgen.__file__).resolve().parent.parent
FAST = ("--timeout", "0.5")

HEAD = """\
# A test pack whose links point at the local server.
version: 1
pack:
  title: "Sextortion: where to get help"
  publisher: "Test Cyber Protect"
  reviewed: 2026-11-01

audiences:
  - id: young-people
    label: "Young people (13-17)"
  - id: parents
    label: "Parents and carers"

services:
"""
TAIL = """
advice:
  - id: dont-pay
    title: "Don't pay. Don't reply."
    short: "Paying rarely stops it."
    body: |
      Paying rarely stops it. Block them and keep the evidence.
    audiences: [young-people, parents]

documents:
  - id: young-people-poster
    audience: young-people
    layout: poster-a4
    title: "Someone threatening you?"
  - id: parents-poster
    audience: parents
    layout: poster-a4
    title: "Is your child being threatened?"
"""


def service(service_id: str, url: str, audiences: str = "young-people, parents", extra: str = "") -> str:
    return (f"  - id: {service_id}\n    name: {service_id.title()}\n    summary: \"Help.\"\n    url: {url}\n"
            f"{extra}    audiences: [{audiences}]\n")


def write_pack(tmp_path: Path, *services: str) -> Path:
    path = tmp_path / "resources.yaml"
    path.write_text(HEAD + "".join(services) + TAIL, encoding="utf-8")
    return path


def links(runner: CliRunner, catalogue: Path, *args: str) -> Result:
    result = runner.invoke(main, ["links", "--catalogue", str(catalogue), *FAST, *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result


def rows(result: Result) -> dict[str, list[str]]:
    """The table's rows by service: [result label, rest of the line]."""
    lines = result.stdout.split("\n\n")[0].splitlines()[1:]
    return {line.split()[0]: line.split(None, 1)[1].split("  ", 1) for line in lines}


def test_every_outcome_in_one_table(runner: CliRunner, tmp_path: Path, link_server: LinkServer) -> None:
    url = link_server.url
    catalogue = write_pack(
        tmp_path, service("fine", url("/ok")), service("head-refused", url("/head-rejected")),
        service("moved", url("/moved-301"), "young-people"), service("for-now", url("/found-302")),
        service("not-found", url("/gone-404"), "parents"), service("removed", url("/gone-410")),
        service("site-error", url("/error-500")), service("slow", url("/slow")), service("loop", url("/loop-a")),
        service("away", url("/elsewhere")), service("down", refused_url()), service("waf", url("/forbidden")))
    result = links(runner, catalogue)
    assert result.exit_code == 1
    table = rows(result)
    assert {name: cells[0].strip() for name, cells in table.items()} == {
        "fine": "ok", "head-refused": "ok", "moved": "moved", "for-now": "redirects", "not-found": "BROKEN",
        "removed": "BROKEN", "site-error": "SITE ERROR", "slow": "NO ANSWER", "loop": "LOOP", "away": "moved",
        "down": "CAN'T CONNECT", "waf": "blocked"}
    assert table["moved"][1].split() == ["moved", "to", url("/new-home"), "young-people-poster"]
    assert table["not-found"][1].split()[-1] == "parents-poster"
    assert table["fine"][1].split() == ["young-people-poster,", "parents-poster"]
    assert "moved to " + url("/ok", "localhost") + " (another site)" in table["away"][1]
    assert result.stderr == ("error: 6 of 12 links are broken: not-found, removed, site-error, slow, loop, down\n")
    footer = result.stdout.split("\n\n")[1]
    assert footer.startswith("12 links checked: 2 ok, 2 moved, 1 redirected, 1 blocked, 6 broken.\n"
                             "What to do next:\n  - 6 broken links (not-found, removed, site-error, slow, loop, down)")
    assert "  - 2 moved links: run `packgen links --fix` to update them in resources.yaml, then `packgen build`." \
        in footer
    assert "  - 1 site refused an automatic check (waf): open it in a browser" in footer


def test_moved_and_redirected_links_are_warnings_not_failures(runner: CliRunner, tmp_path: Path,
                                                              link_server: LinkServer) -> None:
    catalogue = write_pack(tmp_path, service("moved", link_server.url("/moved-308")),
                           service("for-now", link_server.url("/temporary-307")))
    result = links(runner, catalogue)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.endswith("2 links checked: 1 moved, 1 redirected.\nWhat to do next:\n"
                                  "  - 1 moved link: run `packgen links --fix` to update it in resources.yaml, "
                                  "then `packgen build`.\n")


def test_all_good(runner: CliRunner, tmp_path: Path, link_server: LinkServer) -> None:
    result = links(runner, write_pack(tmp_path, service("fine", link_server.url("/ok"))))
    assert result.exit_code == 0
    assert result.stdout.endswith("\n\n1 link checked: 1 ok.\nEvery link works.\n")


def test_quiet_prints_only_the_error(runner: CliRunner, tmp_path: Path, link_server: LinkServer) -> None:
    catalogue = write_pack(tmp_path, service("fine", link_server.url("/ok")),
                           service("gone", link_server.url("/gone-404")))
    result = runner.invoke(main, ["--quiet", "links", "--catalogue", str(catalogue), *FAST])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "error: 1 of 2 links is broken: gone\n"


def test_the_json_report(runner: CliRunner, tmp_path: Path, link_server: LinkServer) -> None:
    catalogue = write_pack(tmp_path, service("moved", link_server.url("/moved-then-302"), "parents"),
                           service("gone", link_server.url("/gone-410")))
    report_file = tmp_path / "links.json"
    result = links(runner, catalogue, "--report", str(report_file))
    assert result.exit_code == 1
    report = json.loads(report_file.read_text(encoding="utf-8"))
    assert report["catalogue"] == str(catalogue) and report["no_network"] is None and report["timeout_s"] == 0.5
    assert report["summary"]["links"] == 2 and report["summary"]["broken"] == 1
    assert report["summary"]["moved"] == 1 and report["summary"]["client-error"] == 1
    moved, gone = report["links"]
    assert moved["service"] == "moved" and moved["outcome"] == "moved" and not moved["broken"]
    assert moved["new_url"] == link_server.url("/moved-then-302-b")
    assert moved["final_url"] == link_server.url("/ok")
    assert [(hop["status"], hop["method"]) for hop in moved["chain"]] == [(301, "HEAD"), (302, "HEAD"), (200, "HEAD")]
    assert moved["documents"] == ["parents-poster"]
    assert (gone["outcome"], gone["status"], gone["broken"]) == ("client-error", 410, True)
    assert gone["documents"] == ["young-people-poster", "parents-poster"]


def test_no_network_is_one_line(runner: CliRunner, tmp_path: Path) -> None:
    catalogue = write_pack(tmp_path, service("a", "https://help.childline.invalid/"),
                           service("b", "https://www.ceop.invalid/Safety-Centre/"),
                           service("c", "https://www.ceop.invalid/other/"))
    report_file = tmp_path / "links.json"
    result = links(runner, catalogue, "--fix", "--stamp", "--report", str(report_file))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == ("error: no network: could not reach any of the 2 hosts (DNS lookup failed); "
                             "check your connection and try again\n")
    assert json.loads(report_file.read_text(encoding="utf-8"))["no_network"].startswith("no network: ")
    assert catalogue.read_text(encoding="utf-8") == HEAD + "".join(
        [service("a", "https://help.childline.invalid/"), service("b", "https://www.ceop.invalid/Safety-Centre/"),
         service("c", "https://www.ceop.invalid/other/")]) + TAIL


def test_one_unreachable_site_is_not_a_network_failure(runner: CliRunner, tmp_path: Path,
                                                       link_server: LinkServer) -> None:
    catalogue = write_pack(tmp_path, service("gone", "https://no-such-service.invalid/"),
                           service("fine", link_server.url("/ok")))
    result = links(runner, catalogue)
    assert result.exit_code == 1
    assert rows(result)["gone"][0].strip() == "CAN'T CONNECT"
    assert result.stderr == "error: 1 of 2 links is broken: gone\n"


COMMENTED = """\
# yaml-language-server: $schema=resources.schema.json
# A commented catalogue: --fix may change the url lines and nothing else.
version: 1
pack:
  title: "Sextortion: where to get help"   # printed on every page
  publisher: 'Test Cyber Protect'
  reviewed: 2026-11-01

audiences:
  - id: young-people
    label: "Young people (13-17)"

services:

  # --- moved for good: rewritten -------------------------------------------------
  - id: childline
    name: Childline
    summary: "Free, confidential help."
    phone: "0800 1111"
    url: {BASE}/moved-301    # the home page
    audiences: [young-people]

  # Double quotes, and a display_url that is the url's short form: both follow.
  - id: ceop
    name: "CEOP Safety Centre"
    summary: >-
      Report online sexual abuse
      or blackmail.
    url: "{BASE}/moved-308"
    display_url: {SHORT}/moved-308
    audiences:
      - young-people

  # --- moved for now, or to another site: left alone -----------------------------
  - id: report-remove
    name: Report Remove
    summary: 'Get images taken down.'
    url: '{BASE}/found-302'
    audiences: [ young-people ]
  - id: elsewhere
    name: Elsewhere
    summary: "Moved to another host."
    url: {BASE}/elsewhere
    audiences: [young-people]

advice:
  - id: dont-pay
    title: "Don't pay."
    body: |
      Paying rarely stops it.

      Block them.
    audiences: [young-people]

documents:
  - id: young-people-poster
    audience: young-people
    layout: poster-a4
    title: "Help"
"""


def _commented(tmp_path: Path, server: LinkServer) -> Path:
    path = tmp_path / "resources.yaml"
    base = server.url("")
    path.write_bytes(COMMENTED.replace("{BASE}", base).replace("{SHORT}", base.split("://")[1]).encode())
    return path


def _changed_lines(before: bytes, after: bytes) -> list[tuple[bytes, bytes]]:
    old, new = before.split(b"\n"), after.split(b"\n")
    assert len(old) == len(new), "--fix must not add or remove lines"
    return [(a, b) for a, b in zip(old, new) if a != b]


def test_fix_changes_only_the_url_lines(runner: CliRunner, tmp_path: Path, link_server: LinkServer) -> None:
    catalogue = _commented(tmp_path, link_server)
    before = catalogue.read_bytes()
    result = links(runner, catalogue, "--fix")
    assert result.exit_code == 0, result.output
    base, short = link_server.url(""), link_server.url("").split("://")[1]
    assert _changed_lines(before, catalogue.read_bytes()) == [
        (f"    url: {base}/moved-301    # the home page".encode(), f"    url: {base}/new-home    # the home page".encode()),
        (f'    url: "{base}/moved-308"'.encode(), f'    url: "{base}/new-308"'.encode()),
        (f"    display_url: {short}/moved-308".encode(), f"    display_url: {short}/new-308".encode()),
    ]
    assert (f"Changed in resources.yaml:\n  line 20 (childline)\n  - url: {base}/moved-301    # the home page\n"
            f"  + url: {base}/new-home    # the home page\n  line 29 (ceop)\n") in result.stdout
    assert ("Not changed: elsewhere: it now goes to another site (localhost); open it in a browser, and if it is "
            "right run `packgen links --fix --allow-host-change` (or edit resources.yaml)\n") in result.stdout
    assert ("  - 2 moved links updated in resources.yaml: run `packgen build` to rebuild the document that carries "
            "them (young-people-poster).\n") in result.stdout
    again = links(runner, catalogue, "--fix")
    assert "Changed in" not in again.stdout and rows(again)["childline"][0].strip() == "ok"


def test_fix_with_allow_host_change(runner: CliRunner, tmp_path: Path, link_server: LinkServer) -> None:
    catalogue = _commented(tmp_path, link_server)
    before = catalogue.read_bytes()
    result = links(runner, catalogue, "--fix", "--allow-host-change")
    assert result.exit_code == 0, result.output
    changed = _changed_lines(before, catalogue.read_bytes())
    # The other site's address (http://localhost:<port>/ok) has no proper host name, so `validate`
    # would refuse it: --fix must not write it, even with --allow-host-change (issue 12).
    assert len(changed) == 3
    assert ("Not changed: elsewhere: the new address would not be valid (the web address has no proper host "
            "name") in result.stdout


def test_allow_host_change_needs_fix(runner: CliRunner, tmp_path: Path, link_server: LinkServer) -> None:
    result = links(runner, _commented(tmp_path, link_server), "--allow-host-change")
    assert result.exit_code == 2
    assert "--allow-host-change only works together with --fix" in result.stderr


def test_stamp_dates_the_good_services_only(runner: CliRunner, tmp_path: Path, link_server: LinkServer) -> None:
    catalogue = write_pack(
        tmp_path, service("fine", link_server.url("/ok"), extra="    checked: 2025-01-01\n"),
        service("for-now", link_server.url("/found-302")), service("gone", link_server.url("/gone-404")),
        service("away", link_server.url("/elsewhere")))
    before = catalogue.read_text(encoding="utf-8")
    result = links(runner, catalogue, "--stamp")
    assert result.exit_code == 1
    today = dt.date.today().isoformat()
    after = catalogue.read_text(encoding="utf-8")
    assert after == before.replace("checked: 2025-01-01", f"checked: {today}").replace(
        f"url: {link_server.url('/found-302')}\n    audiences: [young-people, parents]\n",
        f"url: {link_server.url('/found-302')}\n    audiences: [young-people, parents]\n    checked: {today}\n")
    assert "  - `checked:` set to today on 2 services in resources.yaml.\n" in result.stdout
    assert "Changed in" not in result.stdout  # dates are summed up, not listed (--verbose lists them)


def test_check_fix_rebuild(runner: CliRunner, tmp_path: Path, link_server: LinkServer) -> None:
    """A link moves; --fix rewrites it; build redraws exactly the document that carries it."""
    catalogue = write_pack(tmp_path, service("childline", link_server.url("/ok")),
                           service("ceop", link_server.url("/moved-301"), "parents"))

    def build() -> dict[str, str]:
        result = runner.invoke(main, ["build", "--catalogue", str(catalogue)])
        assert result.exit_code == 0, result.output
        lines = [line.split() for line in result.stdout.splitlines()]
        return {words[0]: words[words.index("kB") + 1].rstrip(":") for words in lines if "kB" in words}

    assert build() == {"young-people-poster": "built", "parents-poster": "built"}
    fixed = links(runner, catalogue, "--fix")
    assert fixed.exit_code == 0, fixed.output
    assert "rebuild the document that carries it (parents-poster)" in fixed.stdout
    assert build() == {"young-people-poster": "unchanged", "parents-poster": "built"}
    manifest = json.loads((tmp_path / "output" / "manifest.json").read_text(encoding="utf-8"))
    urls = {d["id"]: d["urls"] for d in manifest["documents"]}
    assert urls["parents-poster"] == [link_server.url("/ok"), link_server.url("/new-home")]


def test_links_does_not_load_reportlab(tmp_path: Path) -> None:
    catalogue = write_pack(tmp_path, service("a", "https://a.example.invalid/"), service("b", "https://b.invalid/"))
    script = ("import sys\nfrom click.testing import CliRunner\nimport packgen.cli\n"
              f"result = CliRunner().invoke(packgen.cli.main, ['links', '--catalogue', {str(catalogue)!r}])\n"
              "assert result.exit_code == 1, result.output\n"
              "loaded = sorted(m for m in sys.modules if m.startswith('reportlab'))\n"
              "assert not loaded, loaded\n")
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                               cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})
    assert completed.returncode == 0, completed.stderr


# --- validate: the `checked:` dates --------------------------------------------------------------

def test_validate_warns_once_about_services_never_checked(runner: CliRunner, tmp_path: Path,
                                                          frozen_today: dt.date) -> None:
    catalogue = write_pack(tmp_path, service("a", "https://a.example.org/", extra="    checked: 2026-11-20\n"),
                           service("b", "https://b.example.org/"), service("c", "https://c.example.org/"))
    result = runner.invoke(main, ["validate", "--catalogue", str(catalogue)])
    assert result.exit_code == 0
    assert result.stderr == ("resources.yaml:21:5: services[1]: warning: 2 of 3 services with a link have no "
                             "`checked:` date (this is the first); run `packgen links --stamp` to check their "
                             "links and date them\n")


def test_validate_warns_about_an_old_check(runner: CliRunner, tmp_path: Path, frozen_today: dt.date) -> None:
    catalogue = write_pack(tmp_path, service("a", "https://a.example.org/", extra="    checked: 2026-03-01\n"))
    result = runner.invoke(main, ["validate", "--catalogue", str(catalogue)])
    assert result.exit_code == 0
    assert result.stderr == ("resources.yaml:19:14: services[0].checked: warning: link last checked 2026-03-01, "
                             "more than 6 months ago; run `packgen links --stamp`\n")


def test_validate_nudges_once_when_no_service_was_ever_checked(runner: CliRunner, tmp_path: Path,
                                                               frozen_today: dt.date) -> None:
    catalogue = write_pack(tmp_path, service("a", "https://a.example.org/"), service("b", "https://b.example.org/"))
    result = runner.invoke(main, ["validate", "--catalogue", str(catalogue)])
    assert result.exit_code == 0
    assert result.stderr.count("\n") == 1 and result.stderr.endswith(
        "services[0]: warning: no service has a `checked:` date yet (2 with a link); before printing, run "
        "`packgen links --stamp` to check the links and date them\n")


def test_a_catalogue_without_links(runner: CliRunner, tmp_path: Path) -> None:
    catalogue = write_pack(tmp_path, service("x", "https://x.example.org/").replace(
        "    url: https://x.example.org/\n", "    phone: \"999\"\n"))
    result = links(runner, catalogue)
    assert (result.exit_code, result.stdout) == (0, "No service in the catalogue has a web address: there is "
                                                    "nothing to check.\n")


def test_verbose_shows_each_hop_and_each_date(runner: CliRunner, tmp_path: Path, link_server: LinkServer) -> None:
    catalogue = write_pack(tmp_path, service("moved", link_server.url("/moved-301")))
    result = runner.invoke(main, ["--verbose", "links", "--catalogue", str(catalogue), *FAST, "--stamp"])
    assert result.exit_code == 0, result.output
    assert f"    HEAD {link_server.url('/moved-301')} -> 301\n" in result.stdout
    assert f"    HEAD {link_server.url('/new-home')} -> 200\n" in result.stdout
    assert f"  line 20 (moved)\n  + checked: {dt.date.today().isoformat()}\n" in result.stdout

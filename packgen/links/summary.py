"""The words under the ``packgen links`` table: how the links stand, and what to do next.

Written for the person who prints the posters (a school's safeguarding lead, say), not for a
programmer: most urgent first, each step saying which links and which command.
"""

from __future__ import annotations

from packgen.links.check import Outcome
from packgen.links.fix import LinkChanges
from packgen.links.run import CheckedLink, LinksReport


def summary_lines(report: LinksReport, changes: LinkChanges | None, fixing: bool, file_name: str) -> list[str]:
    """The tally, then what to do next as a list (or that every link works)."""
    steps = next_steps(report, changes, fixing, file_name)
    if not steps:
        return [tally(report), "Every link works."]
    to_do = report.broken or report.with_outcome(Outcome.BLOCKED) or (changes and changes.fixes) or \
        (report.with_outcome(Outcome.MOVED) and not fixing)
    return [tally(report), "What to do next:" if to_do else "Done:", *(f"  - {step}" for step in steps)]


def tally(report: LinksReport) -> str:
    """``12 links checked: 2 ok, 2 moved, 1 redirected, 1 blocked, 6 broken.``"""
    counts = report.counts()
    parts = {"ok": counts[Outcome.OK], "moved": counts[Outcome.MOVED], "redirected": counts[Outcome.REDIRECTED],
             "blocked": counts[Outcome.BLOCKED], "broken": len(report.broken)}
    shown = ", ".join(f"{n} {word}" for word, n in parts.items() if n)
    return f"{plural(len(report.links), 'link')} checked: {shown}."


def next_steps(report: LinksReport, changes: LinkChanges | None, fixing: bool, file_name: str) -> list[str]:
    """One sentence per thing to do (or done), most urgent first; empty when every link works."""
    steps: list[str] = []
    if report.broken:
        steps.append(f"{plural(len(report.broken), 'broken link')} ({_owners(report.broken)}): open each in a "
                     f"browser. If the page has gone, find the service's new page and put its address in "
                     f"{file_name}; if the site was only slow or down, run `packgen links` again later.")
    moved = report.with_outcome(Outcome.MOVED)
    if changes and changes.fixes:
        steps.append(_fixed(changes, file_name))
    elif moved and not fixing:
        steps.append(f"{plural(len(moved), 'moved link')}: run `packgen links --fix` to update "
                     f"{_them(len(moved))} in {file_name}, then `packgen build`.")
    blocked = report.with_outcome(Outcome.BLOCKED)
    if blocked:
        steps.append(f"{plural(len(blocked), 'site')} refused an automatic check ({_owners(blocked)}): open "
                     f"{_them(len(blocked))} in a browser to make sure the page works.")
    if changes and changes.stamped:
        steps.append(f"`checked:` set to today on {plural(len(changes.stamped), 'service')} in {file_name}.")
    return steps


def _fixed(changes: LinkChanges, file_name: str) -> str:
    count, rebuild = len(changes.fixes), changes.rebuild
    done = f"{plural(count, 'moved link')} updated in {file_name}: "
    if not rebuild:
        return done + "no document prints " + _them(count) + ", so there is nothing to rebuild."
    which = ("the document that carries" if len(rebuild) == 1 else f"the {len(rebuild)} documents that carry")
    return done + f"run `packgen build` to rebuild {which} {_them(count)} ({', '.join(rebuild)})."


def plural(count: int, noun: str) -> str:
    """``1 link``, ``2 links``."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _them(count: int) -> str:
    return "it" if count == 1 else "them"


def _owners(links: list[CheckedLink]) -> str:
    return ", ".join(c.link.owner for c in links)

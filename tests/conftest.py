"""Shared fixtures: a minimal valid catalogue, a CLI runner, a fixed "today", golden-file options."""

from __future__ import annotations

import datetime as dt
import types
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

import packgen.catalogue.project
from packgen.catalogue.bundled import bundled_catalogue

# One audience, one service, one advice item and one document using the bundled poster-a4
# layout. The golden files in tests/goldens/ are copies of this text with one thing broken, so
# keep the two in step (test_validation_goldens checks that this text is itself valid).
MINIMAL_CATALOGUE = """\
# A minimal valid catalogue: one audience, service, advice item and document.
version: 1
pack:
  title: "Sextortion: where to get help"
  publisher: "Test Cyber Protect"
  language: en-GB
  reviewed: 2026-11-01
  review_every_months: 6

audiences:
  - id: young-people
    label: "Young people (13-17)"

services:
  - id: childline
    name: Childline
    summary: "Free, confidential help for under-19s, online or by phone, any time."
    phone: "0800 1111"
    url: https://www.childline.org.uk/
    display_url: childline.org.uk
    audiences: [young-people]
    checked: 2026-11-01

advice:
  - id: dont-pay
    title: "Don't pay. Don't reply."
    short: "Paying rarely stops it. Block them and keep the evidence."
    body: |
      Paying rarely stops it. Block the account, and keep the messages as evidence.
    audiences: [young-people]
    priority: 1

documents:
  - id: young-people-poster
    audience: young-people
    layout: poster-a4
    title: "Someone threatening to share your nudes?"
"""

# The day the tests pretend it is: a month after MINIMAL_CATALOGUE's review date, so its
# freshness never depends on when the suite runs.
TODAY = dt.date(2026, 12, 2)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", default=False,
                     help="Rewrite tests/goldens/*.expected from packgen's current output.")


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture
def minimal_catalogue() -> str:
    """The text of a small valid resources.yaml (see MINIMAL_CATALOGUE)."""
    return MINIMAL_CATALOGUE


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    """Write text or bytes to ``tmp_path/name`` and return its absolute path."""

    def write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path.resolve()

    return write


@pytest.fixture
def minimal_catalogue_path(write_file: Callable[[str, str | bytes], Path], minimal_catalogue: str) -> Path:
    return write_file("resources.yaml", minimal_catalogue)


@pytest.fixture
def bundled_catalogue_path() -> Path:
    return bundled_catalogue().resolve()


@pytest.fixture
def runner() -> CliRunner:
    """A CliRunner; NO_COLOR keeps the messages free of escape codes."""
    return CliRunner(env={"NO_COLOR": "1"})


class _FrozenDate(dt.date):
    @classmethod
    def today(cls) -> _FrozenDate:
        return cls(TODAY.year, TODAY.month, TODAY.day)


@pytest.fixture
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    """Make ``packgen validate`` (via load_project) believe today is TODAY."""
    frozen = types.SimpleNamespace(**{**vars(dt), "date": _FrozenDate})
    monkeypatch.setattr(packgen.catalogue.project, "dt", frozen)
    return TODAY

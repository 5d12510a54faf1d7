"""Print craft, read back from the PDFs: leaflet side counts and how full each side is, the help
box on page 1, URLs that break only where a reader expects, tri-fold panels, card alignment.

Positions come from pypdf's text visitor (independently of how packgen drew the text).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdf
import pytest
import yaml

from packgen.bundled import bundled_catalogue
from packgen.plan import DocumentPlan, plan_documents
from packgen.project import Project, load_project
from packgen.render import render_document

MM = 72 / 25.4


@dataclass(frozen=True)
class Run:
    """A piece of text drawn on a page, at (x, y) in points from the bottom-left."""

    text: str
    x: float
    y: float


def text_runs(pdf: Path) -> list[list[Run]]:
    """Every non-blank text run of every page, with its position."""
    pages = []
    for page in pypdf.PdfReader(pdf).pages:
        runs: list[Run] = []

        def visit(text: str, cm: Any, tm: Any, font: Any, size: Any, runs: list[Run] = runs) -> None:
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                runs.append(Run(text, x, y))

        page.extract_text(visitor_text=visit)
        pages.append(runs)
    return pages


def side_fill(runs: list[Run], page_width: float, columns: int) -> float:
    """How full a side's text area is: per column, from the highest text under the page's head to
    the lowest text above the footer, over the height from that top to the footer; averaged.

    The footer is the lowest line on the page; the head (title bands) is whatever lies above the
    first column's top on page 1 — here simply the highest run that is not full width is taken as
    the columns' top, so bands count as outside the text area."""
    footer = min(r.y for r in runs)
    body = [r for r in runs if r.y > footer + 3 * MM]
    top = max(r.y for r in body)
    fills = []
    for column in range(columns):
        left, right = page_width * column / columns, page_width * (column + 1) / columns
        inside = [r for r in body if left <= r.x < right]
        lowest = min((r.y for r in inside), default=top)
        fills.append((top - lowest) / (top - footer))
    return sum(fills) / len(fills)


def write_catalogue(folder: Path, items: int, words: int, services: int, layout: str = "leaflet-a4") -> Project:
    vocabulary = ("keep calm talk to someone you trust about what is happening online and do not pay "
                  "the people threatening you because paying rarely makes it stop").split()

    def prose(count: int, seed: int) -> str:
        return " ".join(vocabulary[(i * 7 + seed) % len(vocabulary)] for i in range(count)) + "."

    data = {
        "version": 1,
        "pack": {"title": "Test pack", "publisher": "Test Publisher", "language": "en-GB",
                 "reviewed": dt.date.today().isoformat()},
        "audiences": [{"id": "everyone", "label": "Everyone"}],
        "services": [{"id": f"svc-{n}", "name": f"Helpline {n}", "summary": "Free, confidential help.",
                      "who_for": "Anyone who needs it.", "phone": f"0800 100 {n:03d}",
                      "url": f"https://example.org/services/helpline-number-{n}/", "audiences": ["everyone"]}
                     for n in range(services)],
        "advice": [{"id": f"item-{n}", "title": f"Advice heading {n}", "body": prose(words, n),
                    "points": [prose(12, n + k) for k in range(2)], "audiences": ["everyone"]}
                   for n in range(items)],
        "documents": [{"id": "doc", "audience": "everyone", "layout": layout, "title": "A leaflet for testing",
                       "tagline": "Nobody is to blame but the blackmailer."}],
    }
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "resources.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return load_project(path)


def render(plan: DocumentPlan, folder: Path) -> Path:
    pdf = folder / plan.filename
    pdf.write_bytes(render_document(plan))
    return pdf


@pytest.fixture(scope="module")
def bundled_plans() -> dict[str, DocumentPlan]:
    project = load_project(bundled_catalogue())
    return {plan.id: plan for plan in plan_documents(project.catalogue, project.layouts)}


@pytest.fixture(scope="module")
def leaflets(bundled_plans: dict[str, DocumentPlan], tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[DocumentPlan, Path]]:
    """Every bundled leaflet, and generated leaflets from about half a side to nearly four."""
    folder = tmp_path_factory.mktemp("leaflets")
    found = {doc_id: (plan, render(plan, folder)) for doc_id, plan in bundled_plans.items()
             if plan.layout.kind == "leaflet"}
    for items, words, services in ((2, 40, 1), (4, 90, 3), (7, 110, 4), (10, 120, 6), (14, 120, 8)):
        project = write_catalogue(folder / f"gen-{items}", items, words, services)
        plan = plan_documents(project.catalogue, project.layouts)[0]
        found[f"generated-{items}-items"] = (plan, render(plan, folder / f"gen-{items}"))
    return found


def test_leaflets_take_1_2_or_4_sides_each_at_least_half_full(leaflets: dict[str, tuple[DocumentPlan, Path]]) -> None:
    counts = {}
    for doc_id, (plan, pdf) in leaflets.items():
        pages = text_runs(pdf)
        counts[doc_id] = len(pages)
        assert len(pages) in (1, 2, 4), f"{doc_id}: {len(pages)} sides"
        width = float(pypdf.PdfReader(pdf).pages[0].mediabox.width)
        if len(pages) > 1:
            fills = [side_fill(runs, width, plan.layout.columns) for runs in pages]
            assert min(fills) >= 0.5, f"{doc_id}: sides filled {[round(f, 2) for f in fills]}"
    assert {1, 2, 4} <= set(counts.values()), counts  # the generated sizes reach every side count


def test_page_one_of_every_leaflet_shows_the_first_phone_number(leaflets: dict[str, tuple[DocumentPlan, Path]]) -> None:
    for doc_id, (plan, pdf) in leaflets.items():
        first = next(s for s in plan.services if s.phone)
        page_one = " ".join(pypdf.PdfReader(pdf).pages[0].extract_text().split())
        assert first.phone in page_one, doc_id
        assert "Get help now" in page_one, doc_id
        if any(s.phone == "999" for s in plan.services):
            assert "999" in page_one.split("Get help now", 1)[1][:400], doc_id

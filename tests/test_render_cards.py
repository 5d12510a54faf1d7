"""Tests for packgen.render.cards: the 8-up wallet-card sheet, read back from the PDF."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import pytest

from packgen.catalogue.project import load_project
from packgen.plan.documents import DocumentPlan, plan_documents
from packgen.render import render_document
from packgen.render.cards import (
    CARD_HEIGHT,
    CARD_WIDTH,
    back_face,
    back_position,
    card_positions,
    front_face,
    render_cards,
)
from packgen.render.fit import DocumentTooLong, Overflow
from packgen.render.fonts import register_fonts
from packgen.render.page import sheet_for
from packgen.render.styles import make_styles
from packgen.verify import pdf_inspect

REPO = Path(__file__).resolve().parents[1]
POINTS_PER_MM = 72 / 25.4
SAFE = 3 * POINTS_PER_MM  # the safe area the brief asks for, not the module's own constant
CARDS = 8


@pytest.fixture(scope="module")
def project():  # type: ignore[no-untyped-def]
    return load_project(REPO / "resources.yaml")


@pytest.fixture(scope="module")
def plan(project) -> DocumentPlan:  # type: ignore[no-untyped-def]
    (only,) = plan_documents(project.catalogue, project.layouts, only=["young-people-cards"])
    return only


@pytest.fixture(scope="module")
def pdf(plan: DocumentPlan, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cards") / plan.filename
    path.write_bytes(render_document(plan))
    return path


@pytest.fixture(scope="module")
def texts(pdf: Path) -> list[str]:
    return pdf_inspect.extract_text(pdf)


@pytest.fixture(scope="module")
def codes(pdf: Path) -> list[list[pdf_inspect.DecodedCode]]:
    return pdf_inspect.scan_qr_codes(pdf)


def services(project, *ids: str) -> tuple:  # type: ignore[no-untyped-def, type-arg]
    by_id = {s.id: s for s in project.catalogue.services}
    return tuple(by_id[i] for i in ids)


def norm(value: str) -> str:
    return pdf_inspect.normalise_text(value)


def test_fixture_document_is_what_the_cards_are_tested_with(plan: DocumentPlan) -> None:
    assert plan.layout.kind == "cards"
    assert len(plan.advice) == 2 and len(plan.urls) == 2 and plan.tagline
    assert all(a.short for a in plan.advice)


def test_two_a4_pages_with_embedded_fonts_only(pdf: Path) -> None:
    assert pdf_inspect.page_sizes_mm(pdf) == [(210.0, 297.0), (210.0, 297.0)]
    assert pdf_inspect.embedded_fonts(pdf)
    assert pdf_inspect.unembedded_fonts(pdf) == set()


def test_backs_carry_a_code_per_url_on_every_card_and_fronts_none(codes, plan: DocumentPlan) -> None:  # type: ignore[no-untyped-def]
    front, back = codes
    assert front == []
    assert all("Micro" not in code.format for code in back)
    assert Counter(code.text for code in back) == {url: CARDS for url in plan.urls}
    assert {code.text for code in back} == set(plan.urls)


def test_each_code_is_a_link_to_its_url(pdf: Path, codes) -> None:  # type: ignore[no-untyped-def]
    links = pdf_inspect.link_annotations(pdf)
    # The fronts link only the numbers their shorts print (Childline's, say), never a web address.
    assert {link.uri.split(":")[0] for link in links[0]} <= {"tel", "sms"}
    for code in codes[1]:
        cx, cy = (code.bounds[0] + code.bounds[2]) / 2, (code.bounds[1] + code.bounds[3]) / 2
        over = [link.uri for link in links[1] if link.rect[0] <= cx <= link.rect[2] and link.rect[1] <= cy <= link.rect[3]]
        assert over == [code.text]


def test_front_shows_title_key_message_advice_titles_and_shorts_on_every_card(texts: list[str],
                                                                                plan: DocumentPlan) -> None:
    front = texts[0]
    assert plan.tagline is not None
    for phrase in [plan.title, plan.tagline] + [a.title for a in plan.advice] + [a.short or "" for a in plan.advice]:
        assert front.count(norm(phrase)) >= CARDS, phrase
    assert norm(plan.services[1].name) not in front  # the services are on the back


def test_back_shows_every_service_name_and_phone_on_every_card(texts: list[str], plan: DocumentPlan) -> None:
    back = texts[1]
    for service in plan.services:
        assert back.count(norm(service.name)) >= CARDS, service.name
        if service.phone:
            assert back.count(service.phone) >= CARDS, service.phone
    assert norm(plan.title) not in back


def test_grid_is_eight_cards_with_gutters_centred_on_a4(plan: DocumentPlan) -> None:
    sheet = sheet_for(plan.layout)
    positions = card_positions(sheet)
    assert len(set(positions)) == CARDS
    xs = sorted({round(x, 3) for x, _ in positions})
    ys = sorted({round(y, 3) for _, y in positions})
    assert len(xs) == 2 and len(ys) == 4
    gutters = [xs[1] - xs[0] - CARD_WIDTH] + [b - a - CARD_HEIGHT for a, b in zip(ys, ys[1:])]
    assert all(5 * POINTS_PER_MM <= gutter <= 7 * POINTS_PER_MM for gutter in gutters), gutters  # 2 x bleed + white
    left, right = xs[0], sheet.media_width - xs[1] - CARD_WIDTH
    bottom, top = ys[0], sheet.media_height - ys[-1] - CARD_HEIGHT
    assert left == pytest.approx(right, abs=0.01) and bottom == pytest.approx(top, abs=0.01)
    assert bottom > 12 * POINTS_PER_MM and left > 12 * POINTS_PER_MM  # bleed, then the crop marks


def test_backs_mirror_fronts_for_a_long_edge_flip(plan: DocumentPlan) -> None:
    sheet = sheet_for(plan.layout)
    fronts = card_positions(sheet)
    for index, (x, y) in enumerate(fronts):
        back_x, back_y = back_position(sheet, (x, y))
        assert x + back_x + CARD_WIDTH == pytest.approx(sheet.media_width)
        assert back_y == y  # same row: a long-edge flip keeps the height on the sheet
        row, column = divmod(index, 2)
        assert (back_x, back_y) == pytest.approx(fronts[row * 2 + (1 - column)])


def test_codes_are_printed_inside_the_mirrored_back_cards(codes, plan: DocumentPlan) -> None:  # type: ignore[no-untyped-def]
    sheet = sheet_for(plan.layout)
    backs = [back_position(sheet, front) for front in card_positions(sheet)]
    per_card: Counter[int] = Counter()
    safe = SAFE - 0.5 * POINTS_PER_MM  # zxing's corner estimate is within half a millimetre
    for code in codes[1]:
        inside = [i for i, (x, y) in enumerate(backs)
                  if x + safe <= code.bounds[0] and code.bounds[2] <= x + CARD_WIDTH - safe
                  and y + safe <= code.bounds[1] and code.bounds[3] <= y + CARD_HEIGHT - safe]
        assert len(inside) == 1, code
        per_card[inside[0]] += 1
    assert per_card == {i: len(plan.urls) for i in range(CARDS)}
    sizes = {round((code.bounds[2] - code.bounds[0]) / POINTS_PER_MM) for code in codes[1]}
    assert min(sizes) >= plan.layout.qr.size_mm - 1  # never under the layout's 20 mm


@pytest.mark.parametrize("body_pt", ["max", "min"])
def test_everything_on_a_card_keeps_the_safe_margin(plan: DocumentPlan, body_pt: str) -> None:
    size = plan.layout.type.body_pt if body_pt == "max" else plan.layout.type.min_body_pt
    while True:  # "max": the largest size at which the faces fit, as the renderer's fitting finds it
        styles = make_styles(plan.layout, register_fonts(), size)
        try:
            faces = (front_face(plan, styles, shorts=True), back_face(plan, styles))
            break
        except Overflow:
            assert size > plan.layout.type.min_body_pt, "the bundled cards do not fit at the minimum size"
            size = max(plan.layout.type.min_body_pt, size - 0.5)
    for face in faces:
        assert face.items
        for flowable, x, y in face.items:
            width, height = flowable.width, flowable.height
            assert x >= SAFE - 0.01 and y >= SAFE - 0.01, flowable
            assert x + width <= CARD_WIDTH - SAFE + 0.01 and y + height <= CARD_HEIGHT - SAFE + 0.01, flowable


def test_rendering_is_byte_identical(plan: DocumentPlan) -> None:
    assert render_cards(plan) == render_cards(plan)


def test_shorts_are_dropped_before_titles_when_they_cannot_fit(plan: DocumentPlan, tmp_path: Path) -> None:
    wordy = tuple(a.model_copy(update={"short": " ".join([a.short or ""] * 4)}) for a in plan.advice)
    path = tmp_path / "wordy.pdf"
    path.write_bytes(render_cards(dataclasses.replace(plan, advice=wordy)))
    front = pdf_inspect.extract_text(path)[0]
    for advice in wordy:
        assert front.count(norm(advice.title)) >= CARDS
        assert norm(advice.short or "") not in front
    assert front.count(norm(plan.title)) >= CARDS


def test_three_services_fit_on_the_back(project, plan: DocumentPlan, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    three = dataclasses.replace(plan, services=services(project, "childline", "report-remove", "ceop"))
    path = tmp_path / "three.pdf"
    path.write_bytes(render_cards(three))
    assert Counter(pdf_inspect.decode_qr_codes(path)[1]) == {url: CARDS for url in three.urls}


def test_four_services_are_too_many_for_a_card(project, plan: DocumentPlan) -> None:  # type: ignore[no-untyped-def]
    four = dataclasses.replace(plan, services=services(project, "childline", "report-remove", "ceop", "take-it-down"))
    with pytest.raises(DocumentTooLong, match=r"young-people-cards has 4 services.*at most 3"):
        render_cards(four)


def test_four_advice_items_are_too_many_for_a_card(plan: DocumentPlan) -> None:
    with pytest.raises(DocumentTooLong, match=r"4 advice items"):
        render_cards(dataclasses.replace(plan, advice=plan.advice + plan.advice))


def test_content_that_cannot_fit_fails_with_the_document_and_the_overflow(plan: DocumentPlan) -> None:
    title = " ".join(["Being blackmailed online?"] * 12)
    with pytest.raises(DocumentTooLong, match=r"young-people-cards: content is \d+ mm too tall for cards-a4"):
        render_cards(dataclasses.replace(plan, title=title))

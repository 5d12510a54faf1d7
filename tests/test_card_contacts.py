"""A school's local contacts on the bundled wallet cards: one, two, three (the synthetic schools'
and long ones) or six short ones, with a logo or none. A card the usual arrangements cannot fit is
searched again with the back's later arrangements (render/cards.py, render_cards' PHASES): the
columns fitted to what they hold, the contacts' lines closer, less padding. Every word and every
code stays, each code at the layout's size; what cannot fit still fails clearly."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from test_org_render import squash
from test_poster_contacts import LONG, TOO_LONG, poster

from packgen.plan.documents import DocumentPlan
from packgen.render import cards, render_document
from packgen.render.fit import DocumentTooLong
from packgen.render.fonts import register_fonts
from packgen.render.styles import make_styles
from packgen.verify import pdf_inspect
from packgen.verify.documents import verify_document

POINTS_PER_MM = 72 / 25.4
SAFE = 3 * POINTS_PER_MM  # the safe area the brief asks for, not the module's own constant
# bench/synthetic.py's school 40: its first line is a little wider than school 1's.
SYNTHETIC = ["Mrs A Teacher 40, Designated Safeguarding Lead", "Mr B Deputy, Deputy DSL (main office)",
             "Local police: 101"]
SHORT_SIX = ["Mrs Patel (DSL)", "Mr Okafor (deputy DSL)", "Police: 101", "Nurse: Room 3", "Ms Khan, Head",
             "Early Help: 01629 533190"]
CASES = [(contacts, logo) for contacts in (LONG[:1], LONG[:2], LONG, SYNTHETIC, SHORT_SIX) for logo in (True, False)]


def card(folder: Path, contacts: list[str], logo: bool) -> DocumentPlan:
    return poster(folder, "young-people-cards", contacts, logo)


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{len(case[0])}-{len(case[0][0])}-{case[1]}")
def test_a_card_fits_the_schools_contacts_and_keeps_every_word_and_code(tmp_path: Path,
                                                                       case: tuple[list[str], bool]) -> None:
    contacts, logo = case
    plan = card(tmp_path, contacts, logo)
    pdf = tmp_path / plan.filename
    pdf.write_bytes(render_document(plan))
    assert verify_document(plan, pdf).problems == []  # every advice item and service, every code decoded
    fronts, backs = pdf_inspect.scan_qr_codes(pdf)
    assert fronts == [] and Counter(code.text for code in backs) == {url: 8 for url in plan.urls}
    sizes = [(code.bounds[2] - code.bounds[0]) / POINTS_PER_MM for code in backs]
    assert min(sizes) >= plan.layout.qr.size_mm - 1  # never under the layout's 20 mm
    front, back = (squash(page) for page in pdf_inspect.extract_text(pdf))
    assert front.count(squash("Synthetic Primary School 1")) == 8
    assert [w for w in ["In school, talk to", *contacts] if back.count(squash(w)) != 8] == []


@pytest.mark.parametrize("contacts", [LONG, SYNTHETIC], ids=["long", "synthetic"])
def test_three_long_contacts_fit_only_with_the_later_phases(tmp_path: Path, contacts: list[str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Those cards failed before the later phases; now they keep their advice's short lines too."""
    plan = card(tmp_path, contacts, True)
    pdf = tmp_path / plan.filename
    pdf.write_bytes(render_document(plan))
    front = squash(pdf_inspect.extract_text(pdf)[0])
    assert all(squash(advice.short or "") in front for advice in plan.advice)
    monkeypatch.setattr(cards, "PHASES", cards.PHASES[:2])
    with pytest.raises(DocumentTooLong, match=r"^document young-people-cards: content is \d+ mm too tall for "
                                              r"cards-a4 at the minimum type size \(8 pt\); use fewer"):
        render_document(plan)


def test_a_card_that_fits_as_usual_is_not_arranged_otherwise(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = card(tmp_path, LONG[:2], True)
    later = render_document(plan)
    monkeypatch.setattr(cards, "PHASES", cards.PHASES[:2])
    assert render_document(plan) == later


def test_the_later_backs_keep_the_safe_margin_and_never_overlap(tmp_path: Path) -> None:
    plan = card(tmp_path, LONG, True)
    styles = make_styles(plan.layout, register_fonts(), plan.layout.type.min_body_pt)
    face = cards.back_face(plan, styles, later=True)
    boxes = []
    for flowable, x, y in face.items:
        width, height = flowable.width, flowable.height
        assert x >= SAFE - 0.01 and y >= SAFE - 0.01, flowable
        assert x + width <= cards.CARD_WIDTH - SAFE + 0.01 and y + height <= cards.CARD_HEIGHT - SAFE + 0.01, flowable
        boxes.append((x, y, x + width, y + height))
    for index, (left, bottom, right, top) in enumerate(boxes):
        for other in boxes[index + 1:]:
            overlap = min(right, other[2]) - max(left, other[0]), min(top, other[3]) - max(bottom, other[1])
            assert min(overlap) <= 0.01, (boxes[index], other)
    # The codes lie below the band, whole: the band is the only fill above the foot strip.
    band_bottom = min(y for x, y, width, height, colour in face.fills if y > 0)
    coded = [(x, y, flowable) for flowable, x, y in face.items if isinstance(flowable, cards.CentredBox)]
    assert len(coded) == 2 and all(y + flowable.height <= band_bottom + 0.01 for x, y, flowable in coded)


def test_a_card_that_cannot_hold_the_contacts_still_fails_clearly(tmp_path: Path) -> None:
    plan = card(tmp_path, TOO_LONG, False)
    with pytest.raises(DocumentTooLong, match=r"^document young-people-cards: content is \d+ mm too tall for "
                                              r"cards-a4 at the minimum type size \(8 pt\); shorten the org's "
                                              r"contacts, or use fewer advice items or services on cards$"):
        render_document(plan)


def test_a_number_in_the_contacts_is_never_broken_across_lines_on_a_later_back(tmp_path: Path) -> None:
    """Six short contacts fit only with the later backs; their run-on paragraph ends on a phone
    number, which moves to the next line whole rather than split between its groups."""
    from packgen.render.paragraphs import Paragraph

    plan = card(tmp_path, SHORT_SIX, True)
    styles = make_styles(plan.layout, register_fonts(), plan.layout.type.min_body_pt)
    face = cards.back_face(plan, styles, later=True)
    run_on = next(f for f, x, y in face.items if isinstance(f, Paragraph) and "Early Help" in f.getPlainText())
    lines = ["".join(frag.text for frag in line.words) for line in run_on.blPara.lines]
    assert [line for line in lines if "01629" in line or "533190" in line] == ["01629\u00a0533190"]


# School 100 of bench/synthetic.py: a 3-digit number makes its first line wider still.
SYNTHETIC_100 = ["Mrs A Teacher 100, Designated Safeguarding Lead", *SYNTHETIC[1:]]


@pytest.mark.parametrize(("contacts", "phases"), [(SYNTHETIC, 3), (SYNTHETIC_100, 3), (LONG[:2], 1), (LONG, 3),
                                                  (SHORT_SIX, 3), (LONG[:1], 1), (TOO_LONG, 4)],
                         ids=["later", "later-100", "usual", "long", "short-six", "one", "too-long"])
def test_the_backs_kept_over_across_phases_change_nothing(tmp_path: Path, contacts: list[str], phases: int,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """render_cards keeps the overflow of each back that did not fit, by size, for its later
    phases, and the services' columns of every back, for the backs that arrange them alike
    (cards.Parts): the sheet, or the error, is the one every back measured again in full gives."""
    plan = card(tmp_path, contacts, True)
    monkeypatch.setattr(cards, "line_memo_awake", lambda: False)  # no card's columns kept for the next

    def outcome() -> bytes | str:
        try:
            return render_document(plan)
        except DocumentTooLong as error:
            return str(error)

    made: list[object] = []
    columns = cards._columns

    def counted_columns(*args: object) -> object:
        made.append(args[2])
        return columns(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(cards, "_columns", counted_columns)
    kept = outcome()
    kept_columns = len(made)
    made.clear()
    measured: list[tuple[float, bool]] = []
    back_face = cards.back_face

    def counted(plan: DocumentPlan, styles: object, later: bool = False, parts: object = None) -> object:
        assert parts is None
        measured.append((styles.body_pt, later))  # type: ignore[attr-defined]
        return back_face(plan, styles, later)  # type: ignore[arg-type]

    monkeypatch.setattr(cards, "back_face", counted)
    attempt = cards._attempt
    monkeypatch.setattr(cards, "_attempt",
                        lambda plan, body_pt, shorts, later, backs_over, parts: attempt(plan, body_pt, shorts, later))
    assert outcome() == kept
    assert kept_columns < len(made)  # without the parts, the same columns are made again for another back
    if phases > 1:
        assert len(measured) > len(set(measured))  # without them, a back is measured again


def _outcomes(plans: list[DocumentPlan]) -> list[bytes | str]:
    found: list[bytes | str] = []
    for plan in plans:
        try:
            found.append(render_document(plan))
        except DocumentTooLong as error:
            found.append(str(error))
    return found


def _kept_columns_plans(folder: Path) -> list[DocumentPlan]:
    return [card(folder / str(n), contacts, logo) for n, (contacts, logo) in enumerate(
        [(SYNTHETIC, True), (SYNTHETIC_100, False), (LONG[:2], True), (LONG, False), (SHORT_SIX, True),
         (TOO_LONG, False), (LONG[:1], True)])]


def test_columns_kept_across_cards_change_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Cards with the same services (a batch's schools) keep the measures of their backs' columns
    for the next (cards._COLUMNS): every sheet, or error, is the one measuring them again gives."""
    from packgen.render import paragraphs

    paragraphs.set_line_memo(paragraphs.LINE_MEMO_SIZE)  # awake, as in a batch worker
    cards._COLUMNS.entries.clear()
    hits = cards._COLUMNS.hits
    plans = _kept_columns_plans(tmp_path)
    kept = _outcomes(plans)
    assert cards._COLUMNS.hits > hits and 0 < len(cards._COLUMNS.entries) <= cards.MAX_COLUMNS
    cards._COLUMNS.entries.clear()
    monkeypatch.setattr(cards, "line_memo_awake", lambda: False)
    assert _outcomes(plans) == kept
    assert not cards._COLUMNS.entries


def test_columns_kept_under_too_short_a_key_would_fail_the_check(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The check above can fail: measures kept without the arrangement they were made for (compact,
    snug) give a back another's columns, and a sheet comes out otherwise (or an error where one fits)."""
    from packgen.render import paragraphs

    plans = _kept_columns_plans(tmp_path)
    monkeypatch.setattr(cards, "line_memo_awake", lambda: False)
    measured = _outcomes(plans)
    monkeypatch.setattr(cards, "line_memo_awake", lambda: True)
    paragraphs.set_line_memo(paragraphs.LINE_MEMO_SIZE)
    cards._COLUMNS.entries.clear()
    real = cards.columns_key
    monkeypatch.setattr(cards, "columns_key", lambda plan, styles, back: (real(plan, styles, back) or ())[:-3] + (back.fitted,))
    try:
        assert _outcomes(plans) != measured
    finally:
        cards._COLUMNS.entries.clear()


def test_a_front_that_cannot_fit_does_not_blame_the_contacts(tmp_path: Path) -> None:
    import dataclasses

    plan = dataclasses.replace(card(tmp_path, LONG[:2], True), title=" ".join(["Being blackmailed online?"] * 12))
    with pytest.raises(DocumentTooLong, match=r"^document young-people-cards: content is \d+ mm too tall for "
                                              r"cards-a4 at the minimum type size \(8 pt\); use fewer advice items "
                                              r"or services on cards$"):
        render_document(plan)


def test_a_grouped_number_is_never_broken_in_any_contacts_block(tmp_path: Path) -> None:
    """Every layout's contacts block (posters, leaflets, tri-folds: branding.contacts_block) and the
    usual card backs keep "01629 533190" on one line, however narrow the column; the words around it
    still wrap, and the text is the contact as typed."""
    from packgen.render.branding import contacts_block, unbroken_numbers
    from packgen.render.paragraphs import Paragraph

    contact = "Early Help, Derbyshire County Council: 01629 533190 (weekdays)"
    assert unbroken_numbers(contact) == contact.replace("01629 533190", "01629\u00a0533190")
    assert unbroken_numbers("Room 3 4 5, Local police: 101") == "Room 3\u00a04\u00a05, Local police: 101"
    plan = poster(tmp_path, "young-people-poster", [contact], False)
    assert plan.org is not None
    styles = make_styles(plan.layout, register_fonts(), plan.layout.type.min_body_pt)
    for width in (150, 180, 240, 300):  # points: blocks narrow enough to wrap the contact
        block = contacts_block(plan.org, styles, plan.layout.theme, width)
        paragraph = next(p for row in block._cellvalues for p in row
                         if isinstance(p, Paragraph) and "01629" in p.getPlainText())
        block.wrap(width, 10_000)  # lays the paragraph out in its cell
        lines = ["".join(frag.text for frag in line.words) if hasattr(line, "words") else " ".join(line[1])
                 for line in paragraph.blPara.lines]
        assert len(lines) > 1  # the contact wraps, but never inside its number
        assert [line for line in lines if "01629" in line or "533190" in line] == \
            [line for line in lines if "01629\u00a0533190" in line]
    for plan, page in ((poster(tmp_path, "young-people-poster", [contact], False), 0),
                       (card(tmp_path, SYNTHETIC[:1] + [contact], True), 1)):
        pdf = tmp_path / plan.filename
        pdf.write_bytes(render_document(plan))
        assert verify_document(plan, pdf).problems == []  # the tagged text included
        assert squash(contact) in squash(pdf_inspect.extract_text(pdf)[page])

"""The logo's image kept across a batch worker's documents (render/logo.py ``draw_image``): a later
document draws the logo from the name and image object made the first time. Whatever was kept,
every PDF must be the bytes ReportLab's own ``drawImage`` writes: another file, size or mask is
another key, never a hit."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from reportlab.pdfgen.canvas import Canvas
from test_org_render import ORGS, plans_for, write_pack

from packgen.render import logo, paragraphs, render_document
from packgen.render.logo import draw_image, logo_reader


@pytest.fixture(autouse=True)
def awake_memos() -> Iterator[None]:
    paragraphs.set_line_memo(paragraphs.LINE_MEMO_SIZE)  # awake, as in a batch worker's second document
    logo.set_image_memo(logo.IMAGE_MEMO_SIZE)
    yield
    paragraphs.set_line_memo(paragraphs.LINE_MEMO_SIZE)
    logo.set_image_memo(logo.IMAGE_MEMO_SIZE)


def _logos(folder: Path) -> list[tuple[Path, str]]:
    """An RGBA crest (a soft mask), an RGB PNG, a palette PNG with a transparent index (a soft
    mask: made RGBA, as a viewer shows it), a grey and a colour JPEG (embedded as they are), and a second RGBA crest of other colours."""
    folder.mkdir(parents=True, exist_ok=True)
    made: list[tuple[Path, str]] = []

    def save(name: str, image: Image.Image, **options: object) -> None:
        path = folder / name
        image.save(path, **options)
        made.append((path, hashlib.sha256(path.read_bytes()).hexdigest()))

    for name, colour in (("crest.png", (20, 83, 45, 255)), ("crest2.png", (157, 23, 77, 200))):
        image = Image.new("RGBA", (360, 420), (0, 0, 0, 0))
        ImageDraw.Draw(image).polygon([(0, 0), (360, 0), (360, 250), (180, 420), (0, 250)], fill=colour)
        save(name, image)
    rgb = Image.new("RGB", (400, 300), "#1b3a5c")
    ImageDraw.Draw(rgb).ellipse((60, 60, 340, 240), fill="#f2c14e")
    save("rgb.png", rgb)
    palette = rgb.convert("P", palette=Image.Palette.ADAPTIVE, colors=4)
    save("palette.png", palette, transparency=0)
    save("grey.jpg", rgb.convert("L"), quality=80)
    save("colour.jpg", rgb, quality=80)
    return made


Draw = tuple[Path, str, int, float, float, str | None]


def _page(draws: list[Draw], reportlab: bool = False) -> bytes:
    """A page with each (path, sha256, pixels, width, height, mask) drawn by draw_image, or with
    ``reportlab`` by ReportLab's own drawImage."""
    target = io.BytesIO()
    canvas = Canvas(target, invariant=1, pageCompression=1)
    for index, (path, sha, px, width, height, mask) in enumerate(draws):
        canvas.saveState()
        canvas.translate(20 + 30 * index, 500)
        if reportlab:
            canvas.drawImage(logo_reader(path, sha, px), 0, 0, width, height, mask=mask)
        else:
            draw_image(canvas, (path, sha, px), width, height, mask)
        canvas.restoreState()
    canvas.save()
    return target.getvalue()


def _cases(folder: Path) -> list[list[tuple[Path, str, int, float, float, str | None]]]:
    logos = _logos(folder)
    cases = [[(path, sha, 1200 if path.suffix == ".jpg" else 100, 40.0, 30.0, "auto")] for path, sha in logos]
    crest, _, rgb, *_ = logos
    cases += [
        [(*crest, 150, 40.0, 30.0, "auto")],  # another size
        [(*rgb, 100, 40.0, 30.0, None)],  # another mask (its name differs)
        [(*crest, 100, 40.0, 30.0, "auto"), (*crest, 100, 20.0, 15.0, "auto"), (*rgb, 100, 40.0, 30.0, "auto")],
    ]
    return cases


def test_images_drawn_from_the_memo_are_the_bytes_reportlab_writes(tmp_path: Path) -> None:
    cases = _cases(tmp_path)
    expected = [_page(case, reportlab=True) for case in cases]
    assert len(set(expected)) == len(cases)
    assert b"/SMask" in expected[0] and b"/SMask" in expected[3] and b"/DCTDecode" in expected[4]
    assert [_page(case) for case in cases] == expected  # keeps (the last case's images are hits)
    logo.set_image_memo(0)  # nothing kept: ReportLab's own drawImage
    assert [_page(case) for case in cases] == expected
    logo.set_image_memo(logo.IMAGE_MEMO_SIZE)
    assert [_page(case) for case in cases] == expected
    assert [_page(case) for case in reversed(cases)] == expected[::-1]  # takes what was kept
    info = logo.image_memo_info()
    assert info["misses"] == info["entries"] == 8  # 8 images in 11 draws
    assert info["hits"] == 3 + 11  # in the first pass, those drawn again; in the second, all


@pytest.mark.parametrize("dropped", [2, 3])
def test_a_memo_keyed_on_less_would_be_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dropped: int) -> None:
    """The comparison above can fail: a key without the size (2) or without the mask (3) draws
    another case's image."""
    cases = _cases(tmp_path)
    expected = [_page(case, reportlab=True) for case in cases]
    real_key = logo._key
    monkeypatch.setattr(logo, "_key", lambda source, mask: tuple(
        part for index, part in enumerate(real_key(source, mask)) if index != dropped))
    assert [_page(case) for case in cases] != expected


def test_the_memo_sleeps_is_bounded_and_steps_aside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cases = _cases(tmp_path)[:4]
    expected = [_page(case, reportlab=True) for case in cases]
    paragraphs.set_line_memo(0)  # asleep, as in a process's first document: nothing kept
    assert [_page(case) for case in cases] == expected
    assert logo.image_memo_info()["entries"] == 0
    paragraphs.set_line_memo(paragraphs.LINE_MEMO_SIZE)
    logo.set_image_memo(2)
    assert [_page(case) for case in cases + cases] == expected + expected
    assert logo.image_memo_info()["entries"] == 2  # the oldest went first (and all of them missed again)
    assert logo.image_memo_info()["hits"] == 0
    logo.set_image_memo(logo.IMAGE_MEMO_SIZE)
    monkeypatch.setattr(logo, "_UNCHANGED", False)  # as if ReportLab's drawImage had changed
    assert [_page(case) for case in cases] == expected
    assert logo.image_memo_info()["entries"] == 0


def test_unchanged_guard_holds_for_this_reportlab() -> None:
    assert logo._reportlab_unchanged()


def test_branded_documents_are_the_same_bytes_with_and_without_the_memo(tmp_path: Path) -> None:
    plans = plans_for(write_pack(tmp_path / "crest", ORGS["crest"]))

    def digests(order: list[str]) -> dict[str, str]:
        return {name: hashlib.sha256(render_document(plans[name])).hexdigest() for name in order}

    logo.set_image_memo(0)
    expected = digests(list(plans))
    logo.set_image_memo(logo.IMAGE_MEMO_SIZE)
    assert digests(list(plans)) == expected
    assert digests(list(reversed(plans))) == expected
    assert logo.image_memo_info()["hits"] >= len(plans)

"""The no-op rebuild's shortcut (packgen/build/unchanged.py): taken only when nothing changed.

A rebuild with nothing to do answers from the stamp the last build left, before parsing any input.
Each test here changes one thing the build depends on (an input file, an output file, the day,
packgen's version, the request) and checks that the shortcut is refused and the full path rebuilds
exactly what it rebuilds without the shortcut; and that when nothing changed, the shortcut says
what the full path says, writes nothing, and loads no model, YAML or ReportLab.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
import types
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from packs import Pack, build, copy_bundled_catalogue, read_yaml, statuses, temp_files, write_yaml

import packgen.build.inputs
import packgen.build.unchanged
import packgen.cli.building
from packgen.build.lock import build_lock
from packgen.build.unchanged import STAMP
from packgen.catalogue.bundled import bundled_layouts_dir

DOCUMENTS = ("young-people-poster", "parents-trifold", "adults-poster")  # two on poster-a4, one tri-fold


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Pack:
    """Three of the bundled documents, built once."""
    folder = tmp_path_factory.mktemp("unchanged") / "pack"
    catalogue = copy_bundled_catalogue(folder)
    data = read_yaml(catalogue)
    data["documents"] = [d for d in data["documents"] if d["id"] in DOCUMENTS]
    write_yaml(catalogue, data)
    pack = Pack(catalogue, folder / "output")
    result = build(pack.catalogue, pack.output)
    assert result.exit_code == 0, result.output
    return pack


@pytest.fixture
def pack(built: Pack, tmp_path: Path) -> Pack:
    """A copy, built once where it lies: a stamp is for one catalogue and output folder, by path."""
    copy = built.copy_to(tmp_path / "pack")
    result = build(copy.catalogue, copy.output)
    assert result.exit_code == 0 and "0 built, 3 unchanged" in result.output
    return copy


class Shortcut:
    """Counts the builds that parsed their inputs (the full path) rather than taking the shortcut."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.full = 0
        load = packgen.cli.building.load_folder

        def counting(*args: object, **kwargs: object) -> object:
            self.full += 1
            return load(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(packgen.cli.building, "load_folder", counting)

    def build(self, pack: Pack, *extra: str) -> tuple[Result, bool]:
        """Build; return the result and whether it took the shortcut."""
        before = self.full
        result = build(pack.catalogue, pack.output, *extra)
        return result, self.full == before


@pytest.fixture
def shortcut(monkeypatch: pytest.MonkeyPatch) -> Shortcut:
    return Shortcut(monkeypatch)


def without_timing(output: str) -> str:
    return re.sub(r"\(\d+\.\d s\)", "(s)", output)


def files(output: Path) -> dict[str, tuple[int, bytes]]:
    """Every file in the folder (the lock aside): its mtime and bytes."""
    return {str(p.relative_to(output)): (p.stat().st_mtime_ns, p.read_bytes()) for p in sorted(output.rglob("*"))
            if p.is_file() and p.name != ".packgen.build.lock"}


# --- nothing changed ---------------------------------------------------------------------------------


def test_a_no_op_rebuild_takes_the_shortcut_says_the_same_and_writes_nothing(pack: Pack, shortcut: Shortcut) -> None:
    before = files(pack.output)
    fast, taken = shortcut.build(pack)
    assert taken and fast.exit_code == 0, fast.output
    assert files(pack.output) == before
    (pack.output / STAMP).unlink()
    full, taken = shortcut.build(pack)
    assert not taken and full.exit_code == 0
    assert without_timing(fast.output) == without_timing(full.output)
    assert "0 built, 3 unchanged" in fast.output and "warning:" in fast.output  # the catalogue's warnings too
    assert statuses(fast, set(DOCUMENTS)) == dict.fromkeys(DOCUMENTS, "unchanged")


def test_the_shortcut_loads_no_model_yaml_reportlab_or_pdfium(pack: Pack) -> None:
    script = ("import sys; from packgen.cli import main\n"
              f"try: main(['-q', 'build', '-c', {str(pack.catalogue)!r}, '-o', {str(pack.output)!r}])\n"
              "except SystemExit as exit: assert exit.code == 0, exit.code\n"
              "print(sorted(set(sys.modules) & {'pydantic', 'yaml', 'reportlab', 'pypdfium2', 'PIL', 'polib'}))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stderr


def test_each_request_keeps_its_own_stamp(pack: Pack, shortcut: Shortcut) -> None:
    # young-people-poster is the catalogue's first document: `--only` another would list it first
    # in index.html, a change to the gallery that (rightly) voids the whole pack's stamp.
    result, taken = shortcut.build(pack, "--only", "young-people-poster")
    assert not taken and result.exit_code == 0  # a request not seen before
    assert shortcut.build(pack, "--only", "young-people-poster")[1]
    assert shortcut.build(pack)[1]  # the whole pack's stamp is still there, and still true


def test_force_never_takes_the_shortcut(pack: Pack, shortcut: Shortcut) -> None:
    result, taken = shortcut.build(pack, "--force")
    assert not taken and statuses(result, set(DOCUMENTS)) == dict.fromkeys(DOCUMENTS, "built")


# --- a change the shortcut must notice ---------------------------------------------------------------


def retitle_adults_poster(pack: Pack) -> None:
    data = read_yaml(pack.catalogue)
    next(d for d in data["documents"] if d["id"] == "adults-poster")["title"] = "Being blackmailed online?"
    write_yaml(pack.catalogue, data)


def add_a_comment(pack: Pack) -> None:
    with pack.catalogue.open("a", encoding="utf-8") as stream:
        stream.write("# a note that changes no document\n")


def override_the_poster_layout(pack: Pack) -> None:
    """A layouts/ folder beside the catalogue, with its own poster-a4 (a wider margin)."""
    layouts = pack.catalogue.parent / "layouts"
    layouts.mkdir()
    text = (bundled_layouts_dir() / "poster-a4.yaml").read_text(encoding="utf-8")
    (layouts / "poster-a4.yaml").write_text(text.replace("margin_mm: 12", "margin_mm: 13"), encoding="utf-8")


def add_an_org_profile(pack: Pack) -> None:
    (pack.catalogue.parent / "org.yaml").write_text("name: Hillside Academy\n", encoding="utf-8")


def edit_a_pdf(pack: Pack) -> None:
    with (pack.output / "parents-trifold.pdf").open("ab") as stream:
        stream.write(b"\n% edited\n")


def delete_a_text_version(pack: Pack) -> None:
    (pack.output / "adults-poster.txt").unlink()


CHANGES: dict[str, tuple[Callable[[Pack], None], dict[str, str], str]] = {
    # what changes: (how, the status of each document afterwards, what the build's output says)
    "a document's title": (retitle_adults_poster, {"adults-poster": "built"}, "title or tagline changed"),
    "a comment in resources.yaml": (add_a_comment, {}, "0 built, 3 unchanged"),
    "a layout file": (override_the_poster_layout, {"young-people-poster": "built", "adults-poster": "built"},
                      "layout settings changed"),
    "a new org.yaml": (add_an_org_profile, dict.fromkeys(DOCUMENTS, "built"), "org profile changed"),
    "a PDF": (edit_a_pdf, {"parents-trifold": "built"}, "PDF changed since it was built"),
    "a text version": (delete_a_text_version, {"adults-poster": "built"}, "plain text missing"),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_is_noticed_and_rebuilds_exactly_what_it_affects(pack: Pack, shortcut: Shortcut,
                                                                  change: str) -> None:
    how, rebuilt, said = CHANGES[change]
    how(pack)
    result, taken = shortcut.build(pack)
    assert not taken and result.exit_code == 0, result.output
    assert statuses(result, set(DOCUMENTS)) == {d: rebuilt.get(d, "unchanged") for d in DOCUMENTS}
    assert said in result.output
    again, taken = shortcut.build(pack)  # and the next build, with nothing changed since, takes it
    assert taken and "0 built, 3 unchanged" in again.output


def test_a_new_logo_is_noticed(tmp_path: Path, shortcut: Shortcut) -> None:
    from PIL import Image

    pack = Pack(copy_bundled_catalogue(tmp_path), tmp_path / "output")
    data = read_yaml(pack.catalogue)
    data["documents"] = [d for d in data["documents"] if d["id"] == "adults-poster"]
    write_yaml(pack.catalogue, data)
    (tmp_path / "org.yaml").write_text("name: Hillside Academy\nlogo: crest.png\n", encoding="utf-8")
    Image.new("RGB", (300, 200), (20, 83, 45)).save(tmp_path / "crest.png")
    assert shortcut.build(pack)[0].exit_code == 0
    assert shortcut.build(pack)[1]
    Image.new("RGB", (300, 200), (157, 23, 77)).save(tmp_path / "crest.png")  # same name, same size
    result, taken = shortcut.build(pack)
    assert not taken and statuses(result, {"adults-poster"}) == {"adults-poster": "built"}
    assert "org profile changed" in result.output


def test_a_changed_translation_is_noticed(tmp_path: Path, shortcut: Shortcut) -> None:
    from packs import run_cli
    from translation_fixtures import CATALOGUE, WELSH, fill_po

    pack = Pack(tmp_path / "resources.yaml", tmp_path / "output")
    pack.catalogue.write_text(CATALOGUE, encoding="utf-8")
    assert run_cli("translations", "update", "-c", str(pack.catalogue)).exit_code == 0
    fill_po(tmp_path / "translations" / "cy.po", WELSH)
    assert shortcut.build(pack)[0].exit_code == 0
    assert shortcut.build(pack)[1]
    fill_po(tmp_path / "translations" / "cy.po", {"words/get_help": "Cael cymorth"})
    result, taken = shortcut.build(pack)
    assert not taken and re.search(r"poster-cy .* built: translated printed words changed", result.output)
    assert re.search(r"poster-en .* unchanged", result.output)


def test_a_new_packgen_version_is_noticed(pack: Pack, shortcut: Shortcut, monkeypatch: pytest.MonkeyPatch) -> None:
    for module in (packgen.build.unchanged, packgen.build.inputs):
        monkeypatch.setattr(module, "__version__", "9.9.9")
    result, taken = shortcut.build(pack)
    assert not taken and statuses(result, set(DOCUMENTS)) == dict.fromkeys(DOCUMENTS, "built")
    assert "→ 9.9.9" in result.output


def test_a_new_day_is_noticed(pack: Pack, shortcut: Shortcut, monkeypatch: pytest.MonkeyPatch) -> None:
    """The catalogue's freshness warnings depend on the date, so the shortcut holds for one day."""

    class Tomorrow(dt.date):
        @classmethod
        def today(cls) -> Tomorrow:
            day = dt.datetime.now().date() + dt.timedelta(days=1)
            return cls(day.year, day.month, day.day)

    monkeypatch.setattr(packgen.build.unchanged, "dt", types.SimpleNamespace(date=Tomorrow))
    result, taken = shortcut.build(pack)
    assert not taken and "0 built, 3 unchanged" in result.output


def test_changed_fonts_are_noticed(pack: Pack, shortcut: Shortcut, monkeypatch: pytest.MonkeyPatch,
                                   tmp_path: Path) -> None:
    from packgen.render import fonts

    copies = []
    for path in fonts.font_files():
        copies.append(tmp_path / path.name)
        shutil.copy2(path, copies[-1])
    monkeypatch.setattr(fonts, "font_files", lambda: copies)
    assert not shortcut.build(pack)[1]  # other font files than those recorded
    assert shortcut.build(pack)[1]
    copies[0].write_bytes(copies[0].read_bytes())  # rewritten: a new modification time
    assert not shortcut.build(pack)[1]


def test_a_missing_preview_is_redrawn(pack: Pack, shortcut: Shortcut) -> None:
    (pack.output / "previews" / "adults-poster.png").unlink()
    result, taken = shortcut.build(pack)
    assert not taken and result.exit_code == 0 and (pack.output / "previews" / "adults-poster.png").is_file()


def test_an_edited_gallery_is_written_again(pack: Pack, shortcut: Shortcut) -> None:
    index = pack.output / "index.html"
    good = index.read_bytes()
    index.write_bytes(good.replace(b"</body>", b"<p>edited</p></body>"))
    assert not shortcut.build(pack)[1]
    assert index.read_bytes() == good


def test_a_killed_builds_temporary_file_is_still_cleaned_up(pack: Pack, shortcut: Shortcut) -> None:
    (pack.output / ".adults-poster.pdf.0a1b2c3d4e5f.tmp").write_bytes(b"%PDF-1.4 half a file")
    assert not shortcut.build(pack)[1]
    assert temp_files(pack.output) == []


@pytest.mark.parametrize("stamp", [b"", b"{not json", b'{"format": 1, "packgen": "0.0.1", "stamps": []}',
                                   b'{"format": 1, "stamps": [{"request": 1}]}'])
def test_a_damaged_or_foreign_stamp_means_the_full_check(pack: Pack, shortcut: Shortcut, stamp: bytes) -> None:
    (pack.output / STAMP).write_bytes(stamp)
    result, taken = shortcut.build(pack)
    assert not taken and result.exit_code == 0 and "0 built, 3 unchanged" in result.output
    assert shortcut.build(pack)[1]  # a good stamp again


def test_an_edited_manifest_means_the_full_check(pack: Pack, shortcut: Shortcut) -> None:
    manifest = pack.output / "manifest.json"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('"generator"', '"generator" '), encoding="utf-8")
    assert not shortcut.build(pack)[1]


def test_a_locked_folder_is_reported_not_skipped(pack: Pack, shortcut: Shortcut) -> None:
    with build_lock(pack.output):
        result, taken = shortcut.build(pack)
    assert not taken and result.exit_code == 1 and "another build is running" in result.output


def test_a_build_with_a_failure_leaves_no_stamp_for_its_request(pack: Pack, shortcut: Shortcut) -> None:
    data = read_yaml(pack.catalogue)
    data["documents"].append({"id": "empty", "audience": "parents", "layout": "poster-a4", "title": "Nothing",
                              "advice": [], "services": []})
    write_yaml(pack.catalogue, data)
    assert shortcut.build(pack)[0].exit_code == 1
    assert not shortcut.build(pack)[1]


def test_the_gallery_names_match_the_gallerys() -> None:
    from packgen.web import gallery

    assert (packgen.build.unchanged.INDEX, packgen.build.unchanged.PREVIEWS, packgen.build.unchanged.RECORD) == (
        gallery.INDEX, gallery.PREVIEWS, gallery.RECORD)


def test_a_stamp_naming_a_fifo_or_a_device_reads_neither(pack: Pack, shortcut: Shortcut, tmp_path: Path) -> None:
    """The stamp lies in a folder anyone may hand over: its paths are read only if regular files."""
    import json
    import os
    import signal

    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    stamp_path = pack.output / STAMP
    stamp = json.loads(stamp_path.read_text(encoding="utf-8"))
    stamp["stamps"][0]["also"] = [str(fifo), "/dev/zero"]
    stamp_path.write_text(json.dumps(stamp), encoding="utf-8")

    class Stuck(Exception):  # not TimeoutError: that is an OSError, which the shortcut takes for a missing file
        pass

    def stuck(*_: object) -> None:
        raise Stuck("the shortcut opened a FIFO or read a device")

    previous = signal.signal(signal.SIGALRM, stuck)
    signal.alarm(10)
    try:
        result, taken = shortcut.build(pack)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert not taken and result.exit_code == 0 and "0 built, 3 unchanged" in result.output


def test_a_pack_with_a_web_only_document_takes_the_shortcut_and_says_why_again(tmp_path: Path,
                                                                               shortcut: Shortcut) -> None:
    from packs import run_cli
    from translation_fixtures import CATALOGUE, URDU, URDU_DOCUMENT, WELSH, fill_po

    pack = Pack(tmp_path / "resources.yaml", tmp_path / "output")
    pack.catalogue.write_text(CATALOGUE + URDU_DOCUMENT, encoding="utf-8")
    assert run_cli("translations", "update", "-c", str(pack.catalogue)).exit_code == 0
    fill_po(tmp_path / "translations" / "cy.po", WELSH)
    fill_po(tmp_path / "translations" / "ur.po", URDU)
    first, _ = shortcut.build(pack)
    assert first.exit_code == 0, first.output
    assert "(web and text only)" in first.output and "no PDF:" in first.output
    fast, taken = shortcut.build(pack)
    assert taken and fast.exit_code == 0
    (pack.output / STAMP).unlink()
    full, taken = shortcut.build(pack)
    assert not taken and without_timing(fast.output) == without_timing(full.output)
    assert "poster-ur" in fast.output and "(web and text only)" in fast.output and "no PDF:" in fast.output
    (pack.output / "poster-ur.html").unlink()
    result, taken = shortcut.build(pack)
    assert not taken and "built: web page missing" in result.output

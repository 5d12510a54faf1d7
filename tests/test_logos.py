"""Logos as phones and Paint make them print as an image viewer shows them; careless logo names
and special files get a message that says what to do."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image

from packgen.catalogue.org import check_logo
from packgen.render.logo import logo_reader

RED, BLUE, GREY = (220, 20, 20), (20, 40, 220), (128, 128, 128)


def displayed(path: Path) -> Image.Image:
    """What packgen embeds, as an RGB(A) Pillow image."""
    logo, problem = check_logo(path.name, path.parent)
    assert problem is None and logo is not None, problem
    reader = logo_reader(logo.path, logo.sha256)
    width, height = reader.getSize()
    mode = "RGB" if len(reader.getRGBData()) == width * height * 3 else "RGBA"
    return Image.frombytes(mode, (width, height), reader.getRGBData()).convert("RGB")


def chunk(kind: bytes, data: bytes) -> bytes:
    import struct
    import zlib

    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_header(width: int, height: int) -> bytes:
    import struct
    import zlib

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\0" * 100)) + chunk(b"IEND", b""))


def close(found: tuple[int, ...], expected: tuple[int, int, int], tolerance: int = 12) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(found, expected))


def test_a_16_bit_grey_png_keeps_its_greys(tmp_path: Path) -> None:
    image = Image.new("I;16", (200, 100), 32896)  # 50 % grey in 16 bits
    image.save(tmp_path / "grey16.png")
    assert Image.open(tmp_path / "grey16.png").mode.startswith("I")
    assert close(displayed(tmp_path / "grey16.png").getpixel((100, 50)), GREY)


def test_a_16_bit_rgb_png(tmp_path: Path) -> None:
    import struct
    import zlib

    width, height = 120, 60  # written by hand: Pillow cannot save 16-bit RGB
    row = b"\0" + struct.pack(">HHH", 0xDCDC, 0x1414, 0x1414) * width
    raw = zlib.compress(row * height)

    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 16, 2, 0, 0, 0))
           + chunk(b"IDAT", raw) + chunk(b"IEND", b""))
    (tmp_path / "rgb16.png").write_bytes(png)
    assert close(displayed(tmp_path / "rgb16.png").getpixel((10, 10)), RED)


def test_a_palette_png_with_transparency(tmp_path: Path) -> None:
    image = Image.new("RGB", (200, 100), RED).quantize(4)
    image.info["transparency"] = 0
    image.save(tmp_path / "palette.png", transparency=0)
    found = displayed(tmp_path / "palette.png")
    assert found.size == (200, 100)


def test_a_grey_and_alpha_png(tmp_path: Path) -> None:
    Image.new("LA", (200, 100), (128, 255)).save(tmp_path / "la.png")
    assert close(displayed(tmp_path / "la.png").getpixel((100, 50)), GREY)


def test_a_cmyk_jpeg_prints_in_its_colours(tmp_path: Path) -> None:
    Image.new("RGB", (200, 100), RED).convert("CMYK").save(tmp_path / "cmyk.jpg", quality=95)
    assert Image.open(tmp_path / "cmyk.jpg").mode == "CMYK"
    assert close(displayed(tmp_path / "cmyk.jpg").getpixel((100, 50)), RED, 30)


@pytest.mark.parametrize("orientation", [6, 8, 3])
def test_an_exif_rotated_phone_photo_prints_upright(tmp_path: Path, orientation: int) -> None:
    stored = Image.new("RGB", (200, 100), BLUE)
    stored.paste(RED, (0, 0, 100, 100))  # stored: red on the left
    exif = Image.Exif()
    exif[0x0112] = orientation
    stored.save(tmp_path / "photo.jpg", exif=exif, quality=95)
    logo, _ = check_logo("photo.jpg", tmp_path)
    assert logo is not None
    shown = displayed(tmp_path / "photo.jpg")
    if orientation == 6:  # a viewer turns it a quarter clockwise: red at the top
        assert (logo.width_px, logo.height_px) == shown.size == (100, 200)
        assert close(shown.getpixel((50, 20)), RED, 30) and close(shown.getpixel((50, 180)), BLUE, 30)
    elif orientation == 8:  # a quarter anticlockwise: red at the bottom
        assert (logo.width_px, logo.height_px) == shown.size == (100, 200)
        assert close(shown.getpixel((50, 180)), RED, 30)
    else:  # upside down: red on the right
        assert shown.size == (200, 100) and close(shown.getpixel((180, 50)), RED, 30)


# --- careless names and special files ---------------------------------------------------------------


def test_a_logo_name_in_the_wrong_case_suggests_the_file(tmp_path: Path) -> None:
    (tmp_path / "Logos").mkdir()
    Image.new("RGB", (200, 100), RED).save(tmp_path / "Logos" / "Crest.PNG")
    _, problem = check_logo("logos/crest.png", tmp_path)
    assert problem == "file not found (found 'logos/crest.png'; did you mean 'Logos/Crest.PNG'? (letter case matters))"


def test_a_near_miss_logo_name_suggests_the_file(tmp_path: Path) -> None:
    Image.new("RGB", (200, 100), RED).save(tmp_path / "school-crest.png")
    _, problem = check_logo("school-cerst.png", tmp_path)
    assert problem is not None and "did you mean 'school-crest.png'?" in problem


def test_a_fifo_as_logo_is_named_and_never_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "logo.png")
    _, problem = check_logo("logo.png", tmp_path)
    assert problem == ("'logo.png' is not an ordinary file (it is a pipe, socket or device); "
                       "give the file name of a PNG or JPEG image")


def test_a_folder_as_logo(tmp_path: Path) -> None:
    (tmp_path / "logo.png").mkdir()
    _, problem = check_logo("logo.png", tmp_path)
    assert problem == "expected an image file, found a folder ('logo.png')"


def test_a_decompression_bomb_is_refused_without_decoding(tmp_path: Path) -> None:
    (tmp_path / "bomb.png").write_bytes(png_header(30000, 30000))  # 900 M pixels claimed in 60 bytes
    _, problem = check_logo("bomb.png", tmp_path)
    assert problem is not None and ("too many pixels" in problem or "30000 x 30000" in problem)

"""A second, independent QR decoder for the tests: reads a module matrix straight from the standard.

packgen makes its codes with zxing-cpp's writer and the verify pipeline reads them back with
zxing-cpp's reader. So that a bug shared by one library's writer and reader cannot pass
unnoticed, the tests also decode every matrix with this plain-Python reader (ISO/IEC 18004
model 2, tables as published in Nayuki's reference implementation): format information with its
BCH check, unmasking, codeword placement, block de-interleaving with a Reed-Solomon check of
every block, and the numeric, alphanumeric and byte segments. It reads perfect matrices only (no
error correction, no image processing): a digital code has no errors, so any mismatch fails.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# Indexed [level][version]; levels in the order L, M, Q, H.
_ECC_PER_BLOCK = {
    "L": (-1, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30, 30,
          26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30),
    "M": (-1, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28,
          28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28),
    "Q": (-1, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30, 28, 30, 30, 30,
          30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30),
    "H": (-1, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28, 30, 24, 30, 30,
          30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30),
}
_BLOCKS = {
    "L": (-1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14, 15,
          16, 17, 18, 19, 19, 20, 21, 22, 24, 25),
    "M": (-1, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25,
          26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49),
    "Q": (-1, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25, 27, 29, 34, 34,
          35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68),
    "H": (-1, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32, 35, 37, 40,
          42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81),
}
_LEVEL_BITS = {"L": 1, "M": 0, "Q": 3, "H": 2}
_ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"


class NotAQrCode(ValueError):
    """The matrix is not a valid, error-free QR code."""


@dataclass(frozen=True)
class Decoded:
    text: str
    level: str
    version: int
    mask: int
    modes: tuple[str, ...]


def _format_word(level: str, mask: int) -> int:
    data = _LEVEL_BITS[level] << 3 | mask
    remainder = data
    for _ in range(10):
        remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537)
    return (data << 10 | remainder) ^ 0x5412


def _alignment_positions(version: int) -> list[int]:
    if version == 1:
        return []
    count = version // 7 + 2
    step = (version * 8 + count * 3 + 5) // (count * 4 - 4) * 2
    size = version * 4 + 17
    return [6] + sorted(size - 7 - i * step for i in range(count - 1))


def _function_modules(version: int) -> list[list[bool]]:
    """Which modules (row, column) belong to finder, timing, alignment, format and version patterns."""
    size = version * 4 + 17
    function = [[False] * size for _ in range(size)]

    def mark(column: int, row: int) -> None:
        if 0 <= column < size and 0 <= row < size:
            function[row][column] = True

    for i in range(size):
        mark(6, i)
        mark(i, 6)
    for cx, cy in ((3, 3), (size - 4, 3), (3, size - 4)):  # finders with their separators
        for dy in range(-4, 5):
            for dx in range(-4, 5):
                mark(cx + dx, cy + dy)
    positions = _alignment_positions(version)
    last = len(positions) - 1
    for i, cy in enumerate(positions):
        for j, cx in enumerate(positions):
            if (i, j) in ((0, 0), (0, last), (last, 0)):
                continue
            for dy in range(-2, 3):
                for dx in range(-2, 3):
                    mark(cx + dx, cy + dy)
    for i in range(9):  # format information (and the dark module)
        mark(8, i)
        mark(i, 8)
    for i in range(8):
        mark(size - 1 - i, 8)
        mark(8, size - 1 - i)
    if version >= 7:
        for i in range(18):
            mark(size - 11 + i % 3, i // 3)
            mark(i // 3, size - 11 + i % 3)
    return function


def _read_format(matrix: Sequence[Sequence[bool]]) -> tuple[str, int]:
    size = len(matrix)

    def bit(column: int, row: int) -> int:
        return int(bool(matrix[row][column]))

    first = sum(bit(8, i) << i for i in range(6)) | bit(8, 7) << 6 | bit(8, 8) << 7 | bit(7, 8) << 8
    first |= sum(bit(14 - i, 8) << i for i in range(9, 15))
    second = sum(bit(size - 1 - i, 8) << i for i in range(8))
    second |= sum(bit(8, size - 15 + i) << i for i in range(8, 15))
    for level in _LEVEL_BITS:
        for mask in range(8):
            if _format_word(level, mask) == first == second:
                return level, mask
    raise NotAQrCode(f"format information {first:015b}/{second:015b} is not a valid format word")


def _masked(mask: int, row: int, column: int) -> bool:
    x, y = column, row
    return (
        (x + y) % 2 == 0,
        y % 2 == 0,
        x % 3 == 0,
        (x + y) % 3 == 0,
        (x // 3 + y // 2) % 2 == 0,
        x * y % 2 + x * y % 3 == 0,
        (x * y % 2 + x * y % 3) % 2 == 0,
        ((x + y) % 2 + x * y % 3) % 2 == 0,
    )[mask]


def _gf_multiply(x: int, y: int) -> int:
    z = 0
    for i in reversed(range(8)):
        z = (z << 1) ^ ((z >> 7) * 0x11D)
        z ^= ((y >> i) & 1) * x
    return z


def _reed_solomon(data: Sequence[int], degree: int) -> list[int]:
    divisor = [0] * (degree - 1) + [1]
    root = 1
    for _ in range(degree):
        for j in range(degree):
            divisor[j] = _gf_multiply(divisor[j], root)
            if j + 1 < degree:
                divisor[j] ^= divisor[j + 1]
        root = _gf_multiply(root, 0x02)
    remainder = [0] * degree
    for byte in data:
        factor = byte ^ remainder.pop(0)
        remainder.append(0)
        for i, coefficient in enumerate(divisor):
            remainder[i] ^= _gf_multiply(coefficient, factor)
    return remainder


def _raw_data_modules(version: int) -> int:
    result = (16 * version + 128) * version + 64
    if version >= 2:
        count = version // 7 + 2
        result -= (25 * count - 10) * count - 55
        if version >= 7:
            result -= 36
    return result


def decode_matrix(matrix: Sequence[Sequence[bool]]) -> Decoded:
    """Decode a QR code's module matrix (True = dark, no quiet zone) or raise NotAQrCode."""
    size = len(matrix)
    if size < 21 or (size - 17) % 4 or any(len(row) != size for row in matrix):
        raise NotAQrCode(f"a {size}-module matrix is not a regular QR code")
    version = (size - 17) // 4
    level, mask = _read_format(matrix)
    function = _function_modules(version)
    bits: list[int] = []
    right = size - 1
    while right >= 1:  # two-module columns, right to left, alternately upwards and downwards
        if right == 6:
            right = 5
        for vertical in range(size):
            for j in range(2):
                column = right - j
                upward = (right + 1) & 2 == 0
                row = size - 1 - vertical if upward else vertical
                if not function[row][column]:
                    bits.append(int(bool(matrix[row][column]) != _masked(mask, row, column)))
        right -= 2
    raw = _raw_data_modules(version) // 8
    codewords = [int("".join(map(str, bits[i * 8:i * 8 + 8])), 2) for i in range(raw)]
    blocks, ecc = _BLOCKS[level][version], _ECC_PER_BLOCK[level][version]
    short_blocks = blocks - raw % blocks
    short_length = raw // blocks
    padded: list[list[int | None]] = [[] for _ in range(blocks)]
    stream = iter(codewords)
    for i in range(short_length + 1):
        for j in range(blocks):
            if i == short_length - ecc and j < short_blocks:
                padded[j].append(None)  # short blocks have one data codeword fewer
            else:
                padded[j].append(next(stream))
    data: list[int] = []
    for block in padded:
        values = [value for value in block if value is not None]
        block_data, block_ecc = values[:-ecc], values[-ecc:]
        if _reed_solomon(block_data, ecc) != block_ecc:
            raise NotAQrCode("a block's error-correction codewords do not match its data")
        data += block_data
    text, modes = _segments(data, version)
    return Decoded(text, level, version, mask, modes)


def _segments(data: list[int], version: int) -> tuple[str, tuple[str, ...]]:
    bits = "".join(f"{byte:08b}" for byte in data)
    position = 0

    def take(count: int) -> int:
        nonlocal position
        if position + count > len(bits):
            raise NotAQrCode("the data ends inside a segment")
        value = int(bits[position:position + count], 2)
        position += count
        return value

    band = 0 if version <= 9 else 1 if version <= 26 else 2
    text: list[str] = []
    modes: list[str] = []
    while len(bits) - position >= 4:
        mode = take(4)
        if mode == 0:
            break
        if mode == 0b0100:
            count = take((8, 16, 16)[band])
            text.append(bytes(take(8) for _ in range(count)).decode("utf-8"))
            modes.append("byte")
        elif mode == 0b0010:
            count = take((9, 11, 13)[band])
            for _ in range(count // 2):
                pair = take(11)
                text.append(_ALPHANUMERIC[pair // 45] + _ALPHANUMERIC[pair % 45])
            if count % 2:
                text.append(_ALPHANUMERIC[take(6)])
            modes.append("alphanumeric")
        elif mode == 0b0001:
            count = take((10, 12, 14)[band])
            for _ in range(count // 3):
                text.append(f"{take(10):03d}")
            if count % 3:
                text.append(f"{take(7 if count % 3 == 2 else 4):0{count % 3}d}")
            modes.append("numeric")
        else:
            raise NotAQrCode(f"segment mode {mode:04b} (ECI, Kanji, ...) is not expected in a URL's code")
    return "".join(text), tuple(modes)

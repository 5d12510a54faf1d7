"""The one piece of markup catalogue text may carry: paired ``**bold**`` markers.

Pure, so the renderer (which draws the bold) and the plan (which says what text verify must
find) read the markers the same way.
"""

from __future__ import annotations

_BOLD_MARK = "**"


def split_bold_spans(text: str) -> list[tuple[str, bool]]:
    """Split catalogue text into `(chunk, is_bold)` spans at paired `**` markers.

    Markers pair left to right; an unmatched final `**`, and an empty pair `****`, stay literal.
    """
    parts = text.split(_BOLD_MARK)
    spans: list[tuple[str, bool]] = []
    # parts alternate plain, bold, plain, ...; with an even count the last marker is unmatched.
    paired = len(parts) if len(parts) % 2 == 1 else len(parts) - 1
    for index in range(paired):
        chunk = parts[index]
        is_bold = index % 2 == 1
        if is_bold and not chunk:
            spans.append((_BOLD_MARK * 2, False))
        elif chunk:
            spans.append((chunk, is_bold))
    if paired < len(parts):
        spans.append((_BOLD_MARK + parts[-1], False))
    return _merge_spans(spans)


def _merge_spans(spans: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Join neighbouring spans of the same weight."""
    merged: list[tuple[str, bool]] = []
    for chunk, is_bold in spans:
        if merged and merged[-1][1] == is_bold:
            merged[-1] = (merged[-1][0] + chunk, is_bold)
        else:
            merged.append((chunk, is_bold))
    return merged



def strip_bold(text: str) -> str:
    """The text as it reads on the page: paired markers removed, unpaired ones kept."""
    return "".join(chunk for chunk, _ in split_bold_spans(text))

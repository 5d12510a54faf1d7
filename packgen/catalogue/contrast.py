"""WCAG 2 contrast between two #rrggbb colours, and the nearest shade of a colour that passes."""

from __future__ import annotations

import colorsys


def relative_luminance(colour: str) -> float:
    """WCAG relative luminance of ``#rrggbb``."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio, from 1 (same) to 21 (black on white)."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _hex_from_hls(hue: float, lightness: float, saturation: float) -> str:
    red, green, blue = colorsys.hls_to_rgb(hue, lightness, saturation)
    return "#" + "".join(f"{round(channel * 255):02x}" for channel in (red, green, blue))


def nearest_passing_shade(colour: str, against: str, minimum: float = 4.5) -> str | None:
    """The shade of ``colour`` closest in lightness that reaches ``minimum`` contrast with ``against``.

    Hue and saturation are kept (it still reads as the brand's colour); lightness moves away from
    ``against`` in small steps: darker against a light background, lighter against a dark one.
    None when no shade of that hue passes (only possible for mid-grey backgrounds).
    """
    if contrast_ratio(colour, against) >= minimum:
        return colour.lower()
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    hue, lightness, saturation = colorsys.rgb_to_hls(red, green, blue)
    step = -0.002 if relative_luminance(against) > 0.18 else 0.002
    while 0.0 <= lightness <= 1.0:
        lightness += step
        shade = _hex_from_hls(hue, min(max(lightness, 0.0), 1.0), saturation)
        if contrast_ratio(shade, against) >= minimum:
            return shade
    return None

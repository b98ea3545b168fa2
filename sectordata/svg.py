"""Server-rendered SVG for chart data: a line through time, or horizontal bars per sector.

Hand-built on purpose (see README, "Charts"): the same markup must be crisp on a projector,
on a phone and in WeasyPrint's PDF, with no script, with a <title> and <desc> for screen
readers, and with large type. Every piece of text is escaped here.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Sequence
from dataclasses import replace

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from sectordata.chartdata import ChartData
from sectordata.charts import describe, shown_unit, shown_value, unit_label

WIDTH = 800
NARROW_WIDTH = 400  # a phone shows this 300-400 px wide: 20-unit type stays 15-20 px
FONT = 20
INK = "#1a1a1a"
LINE = "#1d4e89"  # 8.6:1 on white
ACCENT = "#a3400b"  # 5.9:1 on white; the highlighted bar is also named in bold
GRID = "#c9c9c9"
MAX_X_LABELS = 6
MAX_LABEL_CHARS = 28
NARROW_LABEL_CHARS = 34


MAX_TICKS = 12


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high], about `count` of them, for any finite pair:
    at most MAX_TICKS values, computed by index (never by adding a step until past the top,
    which at 1e16 or 1.7e308 never gets there). Where no round step exists (the span is
    below what a float resolves, or beyond it) the ticks are the two ends."""
    if not (math.isfinite(low) and math.isfinite(high)):
        raise ValueError("ticks need finite values")
    low, high = min(low, high), max(low, high)
    if high == low:
        high = low + (abs(low) or 1.0)
        if high == low or not math.isfinite(high):  # tiny next to huge, or at the float edge
            return [low - abs(low) / 2, low] if low else [0.0, 1.0]
    raw = high / max(count - 1, 1) - low / max(count - 1, 1)  # halves: no overflow
    try:
        magnitude = 10.0 ** math.floor(math.log10(raw))
    except (ValueError, OverflowError):
        return [low, high]
    if magnitude == 0 or not math.isfinite(magnitude):
        return [low, high]
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first, last = math.floor(low / step), math.ceil(high / step)
    if not (math.isfinite(first * step) and math.isfinite(last * step)):
        return [low, high]
    if last - first + 1 > MAX_TICKS or last == first:
        return [low, high]
    ticks = [float(f"{index * step:.12g}") for index in range(first, last + 1)]
    if len(set(ticks)) != len(ticks) or not all(math.isfinite(t) for t in ticks):
        return [low, high]
    return ticks


def _scale(value: float, low: float, high: float) -> float:
    """Where `value` lies between `low` and `high`, 0 to 1, without overflowing at the float
    edge (the span of -1e308 and 1e308 is not a float)."""
    span = high / 2 - low / 2
    if span == 0:
        return 0.0
    return (value / 2 - low / 2) / span


def _decimals_for(ticks: list[float]) -> int:
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1
    if not math.isfinite(step) or abs(step) >= 1e15:
        return 0
    for decimals in range(3):
        scaled = step * 10**decimals
        if abs(scaled - round(scaled)) < 1e-9:
            return decimals
    return 3


def _short(label: str, limit: int = MAX_LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _ids(data: ChartData, narrow: bool = False) -> tuple[str, str]:
    digest = hashlib.sha1((data.key or data.title).encode(), usedforsecurity=False)
    base = "c" + digest.hexdigest()[:10] + ("n" if narrow else "")
    return f"{base}-t", f"{base}-d"


def _open(data: ChartData, height: int, width: int = WIDTH, narrow: bool = False) -> list[str]:
    title_id, desc_id = _ids(data, narrow)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{title_id} {desc_id}" class="chart-svg" '
        f'font-family="Atkinson Hyperlegible, Verdana, sans-serif" font-size="{FONT}">',
        f'<title id="{title_id}">{escape(data.title)}</title>',
        f'<desc id="{desc_id}">{escape(describe(data))}</desc>',
    ]


def _unit_caption(data: ChartData, x: float, y: float) -> str:
    """The unit above the axis, as a reader reads it ('per 1.000 banen', 'euro'); nothing for
    '%', which every value label carries, nor for 'x 1 000': the ticks and labels write
    those figures out (15.200, not 15,2)."""
    label = unit_label(shown_unit(data))
    if not label or label == "%":
        return ""
    return f'<text x="{x}" y="{y}" fill="{INK}" font-style="italic">{escape(label)}</text>'


def _finite(values: Sequence[float | None]) -> list[float]:
    return [v for v in values if v is not None and math.isfinite(v)] or [0.0]


def _series(data: ChartData, narrow: bool = False) -> list[str]:
    width = NARROW_WIDTH if narrow else WIDTH
    height = 340 if narrow else 400
    caption = _unit_caption(data, 16, 28)
    left, right, top, bottom = (
        (84, 24, 56 if caption else 40, 64) if narrow else (96, 64, 48 if caption else 24, 64)
    )
    max_labels = 2 if narrow else MAX_X_LABELS  # "2024 K2" is a quarter of a phone wide
    values = _finite(data.values)
    ticks = nice_ticks(min(0.0, min(values)), max(values))
    low, high = ticks[0], ticks[-1]
    plot_w, plot_h = width - left - right, height - top - bottom
    count = len(data.values)

    def x(i: int) -> float:
        return left + (plot_w * i / (count - 1) if count > 1 else plot_w / 2)

    def y(v: float) -> float:
        return top + plot_h - _scale(v, low, high) * plot_h

    parts = _open(data, height, width, narrow)
    parts.append(caption)
    digits = _decimals_for(ticks)
    for tick in ticks:
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{left - 10}" y="{y(tick) + 7:.1f}" text-anchor="end" fill="{INK}">'
            f"{escape(shown_value(tick, replace(data, decimals=digits)))}</text>"
        )
    every = max(1, math.ceil(count / max_labels))
    for i, label in enumerate(data.labels):
        if (count - 1 - i) % every == 0:
            # On a phone the last label ends at the last point: centred, it would be cut off.
            anchor = "end" if narrow and i == count - 1 and count > 1 else "middle"
            parts.append(
                f'<text x="{x(i):.1f}" y="{height - bottom + 32}" text-anchor="{anchor}" '
                f'fill="{INK}">{escape(label)}</text>'
            )
    points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(data.values) if v is not None)
    parts.append(
        f'<polyline points="{points}" fill="none" stroke="{LINE}" stroke-width="5" '
        'stroke-linejoin="round" stroke-linecap="round"/>'
    )
    for i, v in enumerate(data.values):
        if v is None:
            continue
        last = i == count - 1
        parts.append(
            f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="{9 if last else 6}" '
            f'fill="{ACCENT if last else LINE}"/>'
        )
    last_value = data.values[-1]
    if last_value is not None:
        anchor = "end" if count > 1 else "middle"
        parts.append(
            f'<text x="{x(count - 1):.1f}" y="{y(last_value) - 18:.1f}" text-anchor="{anchor}" '
            f'font-weight="bold" font-size="{FONT + 4}" fill="{INK}">'
            f"{escape(shown_value(last_value, data))}</text>"
        )
    parts.append("</svg>")
    return parts


def _bar_x(data: ChartData, left: float, plot_w: float) -> Callable[[float], float]:
    """Where a value ends on the bar axis (zero always on it), for the wide and narrow bars."""
    values = _finite(data.values)
    low = min(0.0, min(values))
    high = max(0.0, max(values)) or 1.0
    return lambda v: left + _scale(v, low, high) * plot_w


def _bars(data: ChartData) -> list[str]:
    caption = _unit_caption(data, 330, 28)
    row, top, label_w, value_w = 46, 48 if caption else 16, 330, 110
    count = len(data.values)
    height = top + 16 + row * count
    x = _bar_x(data, label_w, WIDTH - label_w - value_w)

    parts = _open(data, height)
    parts.append(caption)
    for i, (label, value) in enumerate(zip(data.labels, data.values, strict=True)):
        mine = i == data.highlight
        middle = top + row * i + row / 2
        start, end = sorted((x(0), x(value)))
        weight = ' font-weight="bold"' if mine else ""
        parts.append(
            f'<text x="{label_w - 12}" y="{middle + 7:.1f}" text-anchor="end" fill="{INK}"'
            f"{weight}>{escape(_short(label))}</text>"
            f'<rect x="{start:.1f}" y="{middle - 15:.1f}" width="{max(end - start, 1):.1f}" '
            f'height="30" fill="{ACCENT if mine else LINE}"/>'
            f'<text x="{end + 8:.1f}" y="{middle + 7:.1f}" fill="{INK}"{weight}>'
            f"{escape(shown_value(value, data))}</text>"
        )
    parts.append(
        f'<line x1="{x(0):.1f}" x2="{x(0):.1f}" y1="{top}" y2="{height - 16}" '
        f'stroke="{INK}" stroke-width="2"/>'
    )
    parts.append("</svg>")
    return parts


def _narrow_bars(data: ChartData) -> list[str]:
    """Bars for a phone: each label on its own line above its bar, so the bars get the whole
    width instead of what is left beside a 330-unit label column."""
    width = NARROW_WIDTH
    caption = _unit_caption(data, 8, 28)
    row, top, value_w, left = 64, 48 if caption else 12, 96, 8
    count = len(data.values)
    height = top + 12 + row * count
    x = _bar_x(data, left, width - left - value_w)

    parts = _open(data, height, width, narrow=True)
    parts.append(caption)
    for i, (label, value) in enumerate(zip(data.labels, data.values, strict=True)):
        mine = i == data.highlight
        label_y = top + row * i + 20
        bar_y = label_y + 8
        start, end = sorted((x(0), x(value)))
        weight = ' font-weight="bold"' if mine else ""
        parts.append(
            f'<text x="{left}" y="{label_y}" fill="{INK}"{weight}>'
            f"{escape(_short(label, NARROW_LABEL_CHARS))}</text>"
            f'<rect x="{start:.1f}" y="{bar_y}" width="{max(end - start, 1):.1f}" '
            f'height="28" fill="{ACCENT if mine else LINE}"/>'
            f'<text x="{end + 8:.1f}" y="{bar_y + 22}" fill="{INK}"{weight}>'
            f"{escape(shown_value(value, data))}</text>"
        )
    parts.append(
        f'<line x1="{x(0):.1f}" x2="{x(0):.1f}" y1="{top}" y2="{height - 12}" '
        f'stroke="{INK}" stroke-width="2"/>'
    )
    parts.append("</svg>")
    return parts


def render(data: ChartData, narrow: bool = False) -> SafeString:
    if data.kind == "series":
        parts = _series(data, narrow)
    else:
        parts = _narrow_bars(data) if narrow else _bars(data)
    return mark_safe("".join(parts))

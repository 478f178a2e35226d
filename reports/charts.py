"""Server-rendered SVG charts for the area dashboards and the PDFs: one markup for both."""

from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

# Colour-blind-safe (Okabe-Ito), readable in print.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")
WIDTH = 640
ROW = 30
LABEL_WIDTH = 230


def _number(value: Decimal | int | float) -> str:
    value = Decimal(str(value))
    if value == value.to_integral_value():
        return f"{value:,.0f}"
    return f"{value:,.2f}"


def bar_chart(
    rows: Sequence[tuple[str, Decimal | int]], *, title: str, unit: str = ""
) -> SafeString:
    """Horizontal bars, one per (label, value), the value written at the end of each bar."""
    rows = [(str(label), Decimal(str(value))) for label, value in rows]
    top = max((value for _, value in rows), default=Decimal(0)) or Decimal(1)
    bar_space = WIDTH - LABEL_WIDTH - 110
    height = 34 + ROW * max(len(rows), 1)
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" '
            'aria-label="{}" font-family="Sarabun, sans-serif" font-size="15">',
            WIDTH,
            height,
            title,
        ),
        format_html('<title>{}</title>', title),
        format_html('<text x="0" y="18" font-weight="bold" font-size="16">{}</text>', title),
    ]
    if not rows:
        parts.append(format_html('<text x="0" y="50" fill="#555">{}</text>', "—"))
    for index, (label, value) in enumerate(rows):
        y = 30 + index * ROW
        length = float(value / top) * bar_space
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                '<text x="{}" y="{}" fill="#222">{}</text>',
                LABEL_WIDTH - 8,
                y + 18,
                _shorten(label),
                LABEL_WIDTH,
                y + 4,
                f"{max(length, 1.0):.1f}",
                ROW - 10,
                PALETTE[index % len(PALETTE)],
                f"{LABEL_WIDTH + max(length, 1.0) + 6:.1f}",
                y + 18,
                f"{_number(value)} {unit}".strip(),
            )
        )
    parts.append(mark_safe("</svg>"))  # noqa: S308 - our own closing tag
    return mark_safe("".join(parts))  # noqa: S308 - every piece above went through format_html


def stacked_bar(
    rows: Sequence[tuple[str, Sequence[int]]], *, title: str, legend: Sequence[str]
) -> SafeString:
    """One stacked bar per row (e.g. tambons by plan state per district), with a legend."""
    bar_space = WIDTH - LABEL_WIDTH - 60
    top = max((sum(values) for _, values in rows), default=0) or 1
    legend_rows = (len(legend) + 2) // 3
    height = 34 + ROW * max(len(rows), 1) + 24 * legend_rows + 8
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" '
            'aria-label="{}" font-family="Sarabun, sans-serif" font-size="15">',
            WIDTH,
            height,
            title,
        ),
        format_html('<title>{}</title>', title),
        format_html('<text x="0" y="18" font-weight="bold" font-size="16">{}</text>', title),
    ]
    for index, (label, values) in enumerate(rows):
        y = 30 + index * ROW
        x = float(LABEL_WIDTH)
        parts.append(
            format_html('<text x="{}" y="{}" text-anchor="end">{}</text>', LABEL_WIDTH - 8, y + 18, _shorten(label))
        )
        for part, value in enumerate(values):
            length = value / top * bar_space
            if value:
                parts.append(
                    format_html(
                        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                        f"{x:.1f}",
                        y + 4,
                        f"{length:.1f}",
                        ROW - 10,
                        PALETTE[part % len(PALETTE)],
                    )
                )
            x += length
        parts.append(format_html('<text x="{}" y="{}">{}</text>', f"{x + 6:.1f}", y + 18, sum(values)))
    legend_top = 30 + ROW * max(len(rows), 1) + 6
    for index, name in enumerate(legend):
        x = (index % 3) * (WIDTH // 3)
        y = legend_top + (index // 3) * 24
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="14" height="14" fill="{}"/>'
                '<text x="{}" y="{}">{}</text>',
                x,
                y,
                PALETTE[index % len(PALETTE)],
                x + 20,
                y + 13,
                name,
            )
        )
    parts.append(mark_safe("</svg>"))  # noqa: S308 - our own closing tag
    return mark_safe("".join(parts))  # noqa: S308 - every piece above went through format_html


def _shorten(label: str, limit: int = 26) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


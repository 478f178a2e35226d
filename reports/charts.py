"""Server-rendered SVG charts for the area dashboards and the PDFs: one markup for both.

Each row puts its label on a line of its own and the bar below it, so that the same chart reads
on a 360 px phone and on an A4 page.
"""

from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

# Colour-blind-safe (Okabe-Ito), readable in print.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")
WIDTH = 360
ROW = 40
VALUE_ROOM = 112  # room at the end of the longest bar for its figure
TOP = 30
BAHT = "บาท"  # written after each amount, in Thai on every page as in the PDFs


def _number(value: Decimal | int | float) -> str:
    value = Decimal(str(value))
    if value == value.to_integral_value():
        return f"{value:,.0f}"
    return f"{value:,.2f}"


def _open(height: int, title: str) -> list:
    return [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" '
            'aria-label="{}" font-family="Sarabun, sans-serif" font-size="13">',
            WIDTH,
            height,
            title,
        ),
        format_html("<title>{}</title>", title),
        format_html('<text x="0" y="16" font-weight="bold" font-size="14">{}</text>', title),
    ]


def _close(parts: list) -> SafeString:
    # Every piece went through format_html, which escapes what it is given.
    return mark_safe("".join(str(part) for part in parts) + "</svg>")  # noqa: S308


def bar_chart(
    rows: Sequence[tuple[str, Decimal | int]], *, title: str, unit: str = ""
) -> SafeString:
    """Horizontal bars, one per (label, value), the value written at the end of each bar."""
    rows = [(str(label), Decimal(str(value))) for label, value in rows]
    top = max((value for _, value in rows), default=Decimal(0)) or Decimal(1)
    bar_space = WIDTH - VALUE_ROOM
    parts = _open(TOP + ROW * max(len(rows), 1), title)
    if not rows:
        parts.append(format_html('<text x="0" y="{}" fill="#555">{}</text>', TOP + 16, "—"))
    for index, (label, value) in enumerate(rows):
        y = TOP + index * ROW
        length = max(float(value / top) * bar_space, 1.0)
        parts.append(
            format_html(
                '<text x="0" y="{}">{}</text>'
                '<rect x="0" y="{}" width="{}" height="14" fill="{}"/>'
                '<text x="{}" y="{}" fill="#222">{}</text>',
                y + 13,
                label,
                y + 19,
                f"{length:.1f}",
                PALETTE[index % len(PALETTE)],
                f"{length + 5:.1f}",
                y + 31,
                f"{_number(value)} {unit}".strip(),
            )
        )
    return _close(parts)


def money_chart(rows: Sequence[tuple[str, Decimal | int]], *, title: str) -> SafeString:
    """Bars of amounts in baht: the budgets of the dashboards, the plans and the books."""
    return bar_chart(rows, title=title, unit=BAHT)


def stacked_bar(
    rows: Sequence[tuple[str, Sequence[int]]], *, title: str, legend: Sequence[str]
) -> SafeString:
    """One stacked bar per row (e.g. tambons by plan state per district), with a legend."""
    bar_space = WIDTH - 40
    top = max((sum(values) for _, values in rows), default=0) or 1
    legend_rows = (len(legend) + 1) // 2
    height = TOP + ROW * max(len(rows), 1) + 20 * legend_rows + 6
    parts = _open(height, title)
    for index, (label, values) in enumerate(rows):
        y = TOP + index * ROW
        parts.append(format_html('<text x="0" y="{}">{}</text>', y + 13, label))
        x = 0.0
        for part, value in enumerate(values):
            length = value / top * bar_space
            if value:
                parts.append(
                    format_html(
                        '<rect x="{}" y="{}" width="{}" height="14" fill="{}"/>',
                        f"{x:.1f}",
                        y + 19,
                        f"{length:.1f}",
                        PALETTE[part % len(PALETTE)],
                    )
                )
            x += length
        parts.append(
            format_html('<text x="{}" y="{}">{}</text>', f"{x + 5:.1f}", y + 31, sum(values))
        )
    legend_top = TOP + ROW * max(len(rows), 1) + 4
    for index, name in enumerate(legend):
        x = (index % 2) * (WIDTH // 2)
        y = legend_top + (index // 2) * 20
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="12" height="12" fill="{}"/>'
                '<text x="{}" y="{}">{}</text>',
                x,
                y,
                PALETTE[index % len(PALETTE)],
                x + 17,
                y + 11,
                name,
            )
        )
    return _close(parts)

"""Bar charts drawn on the server as SVG geometry, so a page needs no JavaScript library."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from councils.buddhist_era import month_name

if TYPE_CHECKING:
    from welfare.statistics import MonthRow

WIDTH = 320  # fits a 360 px phone with the page's margins; the SVG scales with its viewBox
BAR_AREA = 140
LABEL_SPACE = 34


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    css_class: str
    title: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    labels: list[tuple[float, str]]  # x of the label's centre, text
    baseline: float
    legend: list[tuple[str, str]]  # css class, text


def grouped_bars(groups: list[tuple[str, list[Decimal]]], series: list[tuple[str, str]]) -> Chart:
    """One cluster of bars per group (e.g. a month), one bar per series (e.g. in and out)."""
    count = max(len(groups), 1)
    slot = WIDTH / count
    per_bar = slot * 0.8 / max(len(series), 1)
    top = max((value for _, values in groups for value in values), default=Decimal(0))
    scale = BAR_AREA / float(top) if top > 0 else 0
    bars, labels = [], []
    for index, (label, values) in enumerate(groups):
        left = index * slot + slot * 0.1
        for position, (value, (css_class, name)) in enumerate(zip(values, series, strict=True)):
            height = float(value) * scale
            bars.append(
                Bar(
                    x=round(left + position * per_bar, 1),
                    y=round(BAR_AREA - height + 4, 1),
                    width=round(per_bar * 0.9, 1),
                    height=round(height, 1),
                    css_class=css_class,
                    title=f"{label} · {name}: {value:,.2f}",
                )
            )
        labels.append((round(index * slot + slot / 2, 1), label))
    return Chart(WIDTH, BAR_AREA + LABEL_SPACE, bars, labels, BAR_AREA + 4, series)


def money_in_and_out(months: Iterable[MonthRow]) -> Chart:
    """A fund's year by month: what came in (contributions and other income), what went out."""
    return grouped_bars(
        [
            (
                month_name(m.month.month, short=True),
                [m.contributions + m.other_income, m.benefits + m.expenses],
            )
            for m in months
        ],
        [("bar-in", _("money in")), ("bar-out", _("money out"))],
    )


def horizontal_bars(rows: list[tuple[str, Decimal]]) -> list[tuple[str, Decimal, float]]:
    """Rows with their share of the largest, as a percentage width for a CSS bar."""
    top = max((value for _, value in rows), default=Decimal(0))
    return [
        (label, value, round(float(value) / float(top) * 100, 1) if top > 0 else 0.0)
        for label, value in rows
    ]

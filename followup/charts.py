"""Charts drawn on the server as inline SVG: readable without JavaScript, printable (docs/followup.md).

A chart draws its bars in the order of its rows (articles by number, options in the questionnaire's
order): it never sorts. A withheld value draws no bar and says so."""

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

ROW = 22
LABEL = 260
BAR = 320
PAD = 60


def bar_chart(bars: list[tuple[str, float | None, str]], *, title: str, maximum: float | None = None) -> str:
    """bars: (label, value or None when withheld, the text shown after the bar)."""
    values = [v for _l, v, _t in bars if v is not None]
    top = maximum or max(values, default=0) or 1
    height = ROW * len(bars) + 10
    width = LABEL + BAR + PAD + 40
    parts = []
    for i, (label, value, text) in enumerate(bars):
        y = 5 + i * ROW
        short = label if len(label) <= 42 else label[:40] + "…"
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" font-size="12">{}</text>',
                LABEL - 6,
                y + 15,
                short,
            )
        )
        if value is None:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="12" font-style="italic" fill="#555">{}</text>',
                    LABEL,
                    y + 15,
                    _("withheld (fewer than 3 States)"),
                )
            )
            continue
        w = round(BAR * value / top, 1)
        parts.append(
            format_html('<rect x="{}" y="{}" width="{}" height="{}" fill="#1f5f8b"></rect>', LABEL, y + 3, w, ROW - 6)
        )
        parts.append(format_html('<text x="{}" y="{}" font-size="12">{}</text>', LABEL + w + 4, y + 15, text))
    body = format_html_join("", "{}", ((part,) for part in parts))
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'direction="ltr"><title>{t}</title>{b}</svg>',
        w=width,
        h=height,
        t=title,
        b=body,
    )


def table_chart(table: dict, *, title: str) -> str:
    """The "all States" column of a count table (followup.tables) as bars, row by row."""
    return bar_chart(
        [(r["label"], r["cells"][-1], str(r["cells"][-1])) for r in table["rows"]],
        title=title,
    )


__all__ = ["bar_chart", "table_chart", "format_html_join"]

"""A self-contained HTML report: coverage per locale (an inline SVG chart) and the queues."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt

    from kbstudio.health.model import Finding


@dataclass(frozen=True)
class Coverage:
    locale: str
    translated: int  # current translations (or source texts)
    outdated: int
    missing: int

    @property
    def total(self) -> int:
        return self.translated + self.outdated + self.missing


COLORS = {"translated": "#2e7d32", "outdated": "#b26a00", "missing": "#c62828"}


def coverage_svg(rows: list[Coverage]) -> str:
    bar_w, row_h, label_w = 420, 28, 80
    height = row_h * len(rows) + 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_w + bar_w + 160}" '
        f'height="{height}" role="img" aria-labelledby="cov-title">',
        '<title id="cov-title">Translation coverage per locale</title>',
    ]
    for i, row in enumerate(rows):
        y = 10 + i * row_h
        parts.append(f'<text x="0" y="{y + 16}" font-size="13">{html.escape(row.locale)}</text>')
        x = float(label_w)
        for name in ("translated", "outdated", "missing"):
            value = getattr(row, name)
            width = bar_w * value / row.total if row.total else 0
            if width:
                parts.append(
                    f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="20" '
                    f'fill="{COLORS[name]}"><title>{row.locale}: {value} {name}</title></rect>'
                )
            x += width
        parts.append(
            f'<text x="{label_w + bar_w + 8}" y="{y + 16}" font-size="12">'
            f"{row.translated} / {row.outdated} / {row.missing}</text>"
        )
    legend_y = height - 12
    lx = label_w
    for name, color in COLORS.items():
        parts.append(f'<rect x="{lx}" y="{legend_y - 10}" width="12" height="12" fill="{color}"/>')
        parts.append(f'<text x="{lx + 16}" y="{legend_y}" font-size="12">{name}</text>')
        lx += 110
    parts.append("</svg>")
    return "".join(parts)


def render_report(
    title: str,
    coverage: list[Coverage],
    queues: dict[str, list[Finding]],
    now: dt.datetime,
    external: dict[str, list[str]] | None = None,
) -> str:
    esc = html.escape
    rows = []
    for locale, items in queues.items():
        rows.append(
            f'<section aria-labelledby="q-{esc(locale)}"><h2 id="q-{esc(locale)}">'
            f"{esc(locale)} — {len(items)} findings</h2>"
        )
        if items:
            rows.append(
                "<table><thead><tr><th>Severity</th><th>Kind</th><th>Article</th>"
                "<th>Reason</th><th>Age (days)</th></tr></thead><tbody>"
            )
            for f in items:
                rows.append(
                    f'<tr class="{f.severity.value}"><td>{f.severity.value}</td>'
                    f"<td>{esc(f.kind)}</td><td>{esc(f.article_id or '—')}<br>"
                    f"<small>{esc(f.title)}</small></td><td>{esc(f.reason)}</td>"
                    f"<td>{f.age_days}</td></tr>"
                )
            rows.append("</tbody></table>")
        rows.append("</section>")
    if external:
        rows.append('<section aria-labelledby="ext"><h2 id="ext">External links</h2><ul>')
        for url, where in sorted(external.items()):
            rows.append(f"<li><code>{esc(url)}</code> — {esc(', '.join(where))}</li>")
        rows.append("</ul></section>")
    style = (
        "body{font-family:system-ui,sans-serif;margin:2rem;color:#1a1a1a}"
        "table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;"
        "padding:.35rem .5rem;text-align:left;vertical-align:top}"
        "tr.error td:first-child{color:#b00020;font-weight:bold}"
        "tr.warning td:first-child{color:#8a5300}"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{esc(title)} — content health</title><style>{style}</style></head><body>"
        f"<main><h1>{esc(title)} — content health</h1>"
        f"<p>Generated {now:%Y-%m-%d %H:%M} UTC.</p>"
        f"<h2>Coverage</h2>{coverage_svg(coverage)}" + "".join(rows) + "</main></body></html>\n"
    )

"""A unified diff shown as readable HTML: removed lines red, added lines green."""

from __future__ import annotations

import html

from kbstudio.i18n import _

STYLES = {
    "+": "background:#dafbe1;color:#116329;",
    "-": "background:#ffebe9;color:#82071e;",
    "@": "color:#8250df;",
}


def diff_html(diff: str) -> str:
    if not diff.strip():
        # Outside the f-string, where Babel's extractor sees it.
        message = html.escape(_("No differences."))
        return f"<p><i>{message}</i></p>"
    rows = []
    for line in diff.splitlines():
        if line.startswith(("+++", "---")):
            style = "color:#57606a;font-weight:bold;"
        else:
            style = STYLES.get(line[:1], "")
        rows.append(
            f'<div style="{style}white-space:pre-wrap;">{html.escape(line) or "&nbsp;"}</div>'
        )
    return '<div style="font-family:monospace;">' + "".join(rows) + "</div>"

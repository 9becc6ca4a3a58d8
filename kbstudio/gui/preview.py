"""The live preview: the publishing renderer, debounced so typing never waits for it."""

from __future__ import annotations

import html as htmllib
import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QTextBrowser, QVBoxLayout, QWidget

from kbstudio.gui.ops import run_op
from kbstudio.i18n import _

if TYPE_CHECKING:
    from kbstudio.services.workspace import Workspace

Renderer = Callable[["Workspace", str, str, str], str]
DEBOUNCE_MS = 300


def publishing_renderer() -> Renderer | None:
    """`kbstudio.services.publish.preview_html` when publishing is installed, else None."""
    try:
        module = importlib.import_module("kbstudio.services.publish")
    except ImportError:
        return None
    render = getattr(module, "preview_html", None)
    return render if callable(render) else None


def fallback_html(markdown_text: str) -> str:
    """FALLBACK ONLY: Qt's own Markdown reader, used when the publishing renderer is absent.

    It ignores {{snippet:...}} and kb: links, so the preview says it is approximate.
    """
    doc = QTextDocument()
    doc.setMarkdown(markdown_text)
    return doc.toHtml()


class PreviewPane(QWidget):
    """Re-renders at most once per DEBOUNCE_MS after the text stops changing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.notice = QLabel(self)
        self.notice.setWordWrap(True)
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.notice)
        layout.addWidget(self.browser)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.render_now)
        self._renderer: Renderer | None = None
        self._looked_up = False
        self.renders = 0  # results shown (the debounce is tested by this)
        self._requested = 0  # render requests made; older results are dropped
        self._source: Callable[[], tuple[Workspace, str, str, str] | None] = lambda: None
        self.retranslate()

    @property
    def renderer(self) -> Renderer | None:
        """Looked up at the first render: importing publishing costs start-up ~0.2 s."""
        if not self._looked_up:
            self._renderer, self._looked_up = publishing_renderer(), True
            self.retranslate()
        return self._renderer

    def retranslate(self) -> None:
        if not self._looked_up:
            self.notice.hide()
            return
        self.notice.setText(
            ""
            if self.renderer
            else _("Approximate preview: the publishing renderer is not installed.")
        )
        self.notice.setVisible(self.renderer is None)

    def set_source(self, source: Callable[[], tuple[Workspace, str, str, str] | None]) -> None:
        """*source* returns (workspace, article id, locale, markdown) or None."""
        self._source = source

    def schedule(self) -> None:
        self.timer.start()  # restarting the timer is the debounce

    def render_now(self) -> None:
        """Render the current text: the publishing renderer off the GUI thread.

        It reads the workspace (snippets, variables, link targets), which takes seconds on
        a 10,000-article help center; only the newest request's result is shown.
        """
        self.timer.stop()
        args = self._source()
        if args is None:
            self.browser.clear()
            return
        ws, article_id, locale, text = args
        if self._looked_up and self._renderer is None:
            self._show(fallback_html(text))
            return
        self._requested += 1
        ticket, known = self._requested, self._renderer

        def work(progress: object, cancel: object) -> tuple[Renderer | None, str | None]:
            # The first render imports publishing here, not on the GUI thread (~0.2 s).
            render = known or publishing_renderer()
            if render is None:
                return None, None
            try:
                return render, render(ws, article_id, locale, text)
            except Exception as exc:  # a half-typed text must not break the preview
                failed = _("The preview failed:")
                return render, f"<p><b>{failed}</b> {htmllib.escape(str(exc))}</p>"

        def done(result: tuple[Renderer | None, str | None]) -> None:
            render, html = result
            if not self._looked_up:
                self._renderer, self._looked_up = render, True
                self.retranslate()
            if ticket == self._requested:
                self._show(html if html is not None else fallback_html(text))

        run_op(self, work, label="preview", lane="preview", on_done=done)

    def _show(self, html: str) -> None:
        scroll = self.browser.verticalScrollBar().value()
        self.browser.setHtml(html)
        self.browser.verticalScrollBar().setValue(scroll)
        self.renders += 1

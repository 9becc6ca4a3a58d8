"""The publish dialog: choose locales and a folder, build in the background, summarise."""

from __future__ import annotations

import html
import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QFileDialog, QListWidgetItem, QWidget

from kbstudio.domain.workflow import Action
from kbstudio.gui.forms.ui_publish_dialog import Ui_PublishDialog
from kbstudio.gui.ops import Cancelled, Op, run_op
from kbstudio.i18n import _, ngettext

if TYPE_CHECKING:
    from kbstudio.services.workspace import Workspace


def publisher() -> Any:
    """`kbstudio.services.publish.publish_site`, or None when publishing is not built in."""
    try:
        module = importlib.import_module("kbstudio.services.publish")
    except ImportError:
        return None
    return getattr(module, "publish_site", None)


class PublishDialog(QDialog):
    def __init__(
        self,
        ws: Workspace,
        locales: list[str],
        out: Path,
        parent: QWidget | None = None,
        *,
        user: str = "",
        can_publish: bool = False,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_PublishDialog()
        self.ui.setupUi(self)
        self.ws, self.user = ws, user
        self.op: Op | None = None
        self.report: Any = None
        self.marked: list[str] = []  # texts this run moved from approved to published
        self.ui.approvedCheck.setEnabled(can_publish)
        self.ui.approvedCheck.setChecked(can_publish)
        self.publish_site = publisher()
        for loc in locales:
            item = QListWidgetItem(loc, self.ui.localeList)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
        self.ui.folderEdit.setText(str(out))
        self.ui.browseButton.clicked.connect(self.browse)
        self.ui.publishButton.clicked.connect(self.start)
        self.ui.cancelButton.clicked.connect(self.cancel)
        self.ui.closeButton.clicked.connect(self.close)
        self.ui.openButton.clicked.connect(self.open_in_browser)
        if self.publish_site is None:
            self.ui.publishButton.setEnabled(False)
            self.ui.statusLabel.setText(_("Publishing is not available in this build."))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.ui.retranslateUi(self)
        super().changeEvent(event)

    def chosen_locales(self) -> list[str]:
        items = (self.ui.localeList.item(i) for i in range(self.ui.localeList.count()))
        return [i.text() for i in items if i.checkState() == Qt.CheckState.Checked]

    def out(self) -> Path:
        return Path(self.ui.folderEdit.text()).expanduser()

    def browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Output folder"), str(self.out()))
        if folder:
            self.ui.folderEdit.setText(folder)

    def start(self) -> None:
        if self.publish_site is None or self.op is not None:
            return
        locales = self.chosen_locales()
        if not locales:
            self.ui.statusLabel.setText(_("Choose at least one locale."))
            return
        out, internal, ws, build = (
            self.out(),
            self.ui.internalCheck.isChecked(),
            self.ws,
            self.publish_site,
        )
        mark_first, user = self.ui.approvedCheck.isChecked(), self.user
        self.marked = marked = []
        self._running(True)
        self.ui.summaryView.clear()
        self.ui.statusLabel.setText(_("Publishing…"))

        def work(progress: Any, cancel: Any) -> Any:
            if mark_first:
                marked.extend(mark_published(ws, locales, user, progress, cancel))
            return build(
                ws,
                out,
                locales=locales,
                include_internal=internal,
                progress=progress,
                cancel=cancel,
            )

        self.op = run_op(
            self,
            work,
            label="publish",
            hold_gc=True,
            on_done=self._done,
            on_error=self._failed,
            on_progress=self._progress,
            on_cancelled=self._cancelled,
        )

    def cancel(self) -> None:
        if self.op is not None:
            self.op.cancel()
            self.ui.statusLabel.setText(_("Cancelling…"))

    def _running(self, on: bool) -> None:
        self.ui.publishButton.setEnabled(not on and self.publish_site is not None)
        self.ui.cancelButton.setEnabled(on)
        self.ui.localeList.setEnabled(not on)
        self.ui.folderEdit.setEnabled(not on)

    def _progress(self, done: int, total: int, label: str) -> None:
        self.ui.progressBar.setMaximum(max(total, 1))
        self.ui.progressBar.setValue(done)
        self.ui.statusLabel.setText(label)

    def _done(self, report: Any) -> None:
        self.op, self.report = None, report
        self._running(False)
        self.ui.progressBar.setValue(self.ui.progressBar.maximum())
        self.ui.statusLabel.setText(_("Published to {path}").format(path=report.out))
        self.ui.summaryView.setHtml(summary_html(report, self.marked))
        self.ui.openButton.setEnabled(self.index_page() is not None)

    def _failed(self, exc: BaseException) -> None:
        op, self.op = self.op, None
        self._running(False)
        if op is not None and op.cancel_event.is_set():
            # The builder may stop by raising its own error once it sees the cancel flag.
            self._cancelled()
            return
        self.ui.statusLabel.setText(_("Publishing failed."))
        self.ui.summaryView.setHtml(f"<p style='color:#b00'>{html.escape(str(exc))}</p>")

    def _cancelled(self) -> None:
        self.op = None
        self._running(False)
        self.ui.statusLabel.setText(_("Publishing cancelled; nothing was left half-written."))

    def index_page(self) -> Path | None:
        if self.report is None:
            return None
        out = Path(self.report.out)
        for candidate in (out / "index.html", *sorted(out.glob("*/index.html"))):
            if candidate.exists():
                return candidate
        return None

    def open_in_browser(self) -> bool:
        page = self.index_page()
        return page is not None and QDesktopServices.openUrl(QUrl.fromLocalFile(str(page)))

    def closeEvent(self, event: Any) -> None:  # noqa: N802
        self.cancel()
        super().closeEvent(event)


def mark_published(
    ws: Workspace, locales: list[str], user: str, progress: Any, cancel: Any
) -> list[str]:
    """Move every approved text in *locales* to published, as *user* (a publisher)."""
    approved = [t for t in ws.translations(status="approved") if t.locale in locales]
    done = []
    for i, t in enumerate(approved):
        if cancel.is_set():
            raise Cancelled
        progress(
            i,
            len(approved),
            _("Publishing {article} ({locale})").format(article=t.article_id, locale=t.locale),
        )
        ws.act(Action.PUBLISH, t.article_id, locale=t.locale, actor=user)
        done.append(f"{t.article_id}/{t.locale}")
    return done


def summary_html(report: Any, marked: list[str] | None = None) -> str:
    """What a publish did, in a few lines the user reads."""
    written = (
        len(report.pages_written)
        if hasattr(report.pages_written, "__len__")
        else report.pages_written
    )
    unchanged = (
        len(report.pages_unchanged)
        if hasattr(report.pages_unchanged, "__len__")
        else report.pages_unchanged
    )
    lines = [
        ngettext("{n} page written", "{n} pages written", written).format(n=written),
        ngettext("{n} page unchanged", "{n} pages unchanged", unchanged).format(n=unchanged),
        ngettext("{n} warning", "{n} warnings", len(report.warnings)).format(
            n=len(report.warnings)
        ),
        ngettext("{n} link problem", "{n} link problems", len(report.link_problems)).format(
            n=len(report.link_problems)
        ),
    ]
    if marked:
        lines.insert(
            0,
            ngettext(
                "{n} approved text marked published",
                "{n} approved texts marked published",
                len(marked),
            ).format(n=len(marked)),
        )
    if report.errors:
        lines.append(
            ngettext("{n} error", "{n} errors", len(report.errors)).format(n=len(report.errors))
        )
    items = "".join(f"<li>{html.escape(x)}</li>" for x in lines)
    details = "".join(
        f"<li>{html.escape(str(x))}</li>"
        for x in [*report.errors, *report.warnings, *report.link_problems][:50]
    )
    return f"<ul>{items}</ul>" + (f"<hr><ul>{details}</ul>" if details else "")

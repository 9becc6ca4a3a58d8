"""Side-by-side translation: units of the source and the translation, with help per unit."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from kbstudio.domain.workflow import Action
from kbstudio.gui.models.units import UnitsModel
from kbstudio.gui.ops import Cancelled, Op, run_op, run_sliced
from kbstudio.gui.unitdelegate import UnitDelegate, unit_help_html
from kbstudio.i18n import _, ngettext
from kbstudio.services import translate_editor

if TYPE_CHECKING:
    import threading
    from collections.abc import Callable

    from kbstudio.services.changes import Change
    from kbstudio.services.translate_status import UnitView
    from kbstudio.services.workspace import Workspace

MEMORY_FILL_AT = 75.0  # "Use memory" takes matches at least this close
# Ops that run on the GUI thread in slices (row heights, filling machine text): measured
# at once for a long article (300 units), they froze the window for 0.2-0.6 s.
SLICED = ("rows", "fill")


@dataclass(frozen=True)
class Loaded:
    article_id: str
    locale: str
    title: str
    revision: int | None
    views: list[UnitView]
    checker: translate_editor.UnitChecker
    machine: bool = False  # the saved text holds machine translation no human confirmed
    # QA warnings of each (source, translation) as loaded, checked on the worker: on the
    # GUI thread, 265 units took 0.1 s.
    warnings: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def check(self, source: str, text: str) -> list[str]:
        known = self.warnings.get((source, text))
        return list(known) if known is not None else self.checker.check(source, text)


class TranslationView(QWidget):
    """One article in one locale, unit by unit; saves through the translation services.

    Private state: ``key`` the (article, locale) shown; ``revision`` the working revision
    it was opened at (saving over a newer one keeps both, as the editor does); ``op`` the
    machine translation running, if any, for cancel.
    """

    saved = Signal(object)  # Change
    acted = Signal(object)  # Change
    loaded = Signal()
    failed = Signal(object)

    def __init__(self, ws: Workspace, user: Callable[[], str], parent: QWidget | None = None):
        super().__init__(parent)
        self.ws, self.user = ws, user
        self.key: tuple[str, str] | None = None
        self.revision: int | None = None
        self.op: Op | None = None
        self.model = UnitsModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(UnitDelegate(self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setWordWrap(True)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        # The short columns get a width from the widest text they can hold (_fit_columns):
        # sized to contents, Qt asked every cell of a 265-unit text for its size hint in
        # one go on the GUI thread, a 0.1 s freeze.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(UnitsModel.SOURCE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(UnitsModel.TRANSLATION, QHeaderView.ResizeMode.Stretch)
        self.view.selectionModel().currentRowChanged.connect(lambda *_a: self.show_help())
        self.model.dataChanged.connect(lambda *_a: self._after_change())
        self.help = QTextBrowser(self)
        self.title = QLabel(self)
        self.provider_box = QComboBox(self)
        self.machine_button = QPushButton(self)
        self.machine_button.clicked.connect(self.machine_translate)
        self.memory_button = QPushButton(self)
        self.memory_button.clicked.connect(self.use_memory)
        self.done_button = QPushButton(self)
        self.done_button.clicked.connect(self.mark_done_and_next)
        self.next_button = QPushButton(self)
        self.next_button.clicked.connect(self.next_changed)
        self.save_button = QPushButton(self)
        self.save_button.clicked.connect(self.save)
        self.submit_button = QPushButton(self)
        self.submit_button.clicked.connect(self.submit)
        self.progress = QProgressBar(self)
        self.progress.hide()
        self.cancel_button = QPushButton(self)
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        # Two rows of buttons: in one, their labels made the window's centre at least
        # 920 px wide, which squeezed the docks on either side.
        tools = QHBoxLayout()
        for w in (self.provider_box, self.machine_button, self.memory_button):
            tools.addWidget(w)
        tools.addWidget(self.progress, 1)
        tools.addWidget(self.cancel_button)
        moves = QHBoxLayout()
        for w in (self.next_button, self.done_button):
            moves.addWidget(w)
        moves.addStretch(1)
        moves.addWidget(self.save_button)
        moves.addWidget(self.submit_button)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.view)
        split.addWidget(self.help)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.title.setWordWrap(True)  # a long title must not widen the window either
        layout.addWidget(self.title)
        layout.addLayout(tools)
        layout.addLayout(moves)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)
        # Keys on the table: Alt+Down the next changed unit, Alt+Enter mark the unit done
        # and move on. Not F8 or Ctrl+Enter: the window uses those for the review queue
        # and for submitting the editor's text. An event filter, so only the table hears them.
        self.view.installEventFilter(self)
        self.retranslate()
        self._enable()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.view and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key, mods = event.key(), event.modifiers()
            alt = bool(mods & Qt.KeyboardModifier.AltModifier)
            if alt and key == Qt.Key.Key_Down:
                self.next_changed()
                return True
            if alt and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.mark_done_and_next()
                return True
        return super().eventFilter(watched, event)

    def retranslate(self) -> None:
        self.machine_button.setText(_("Machine-translate changed units"))
        self.memory_button.setText(_("Use memory matches"))
        self.done_button.setText(_("Mark done"))
        self.done_button.setToolTip(
            _("Mark the unit done and go to the next changed one (Alt+Enter)")
        )
        self.next_button.setText(_("Next changed"))
        self.next_button.setToolTip(_("Go to the next changed unit (Alt+Down)"))
        self.save_button.setText(_("Save revision"))
        self.submit_button.setText(_("Submit for review"))
        self.cancel_button.setText(_("Cancel"))
        self.provider_box.setToolTip(_("Machine translation provider"))
        self._show_title()
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Size the short columns (# and State) to the widest text they can show."""
        metrics, header = self.view.fontMetrics(), self.view.horizontalHeader()
        for col in (0, UnitsModel.STATE):
            title = str(self.model.headerData(col, Qt.Orientation.Horizontal) or "")
            width = max(
                metrics.horizontalAdvance(self.model.widest_text(col)) + 16,
                header.fontMetrics().horizontalAdvance(title) + 24,
            )
            header.resizeSection(col, width)

    def _enable(self) -> None:
        busy = self.op is not None
        has = self.key is not None
        for button in (
            self.machine_button,
            self.memory_button,
            self.save_button,
            self.submit_button,
            self.done_button,
            self.next_button,
        ):
            button.setEnabled(has and not busy)

    def _show_title(self) -> None:
        if self.key is None:
            self.title.setText(_("Open a translation from the tree or the health queue."))
        else:
            self.title.setText(
                _("Translating {article} into {locale}").format(
                    article=self.key[0], locale=self.key[1]
                )
            )

    # -- loading ---------------------------------------------------------------------

    def load_providers(self) -> None:
        self.provider_box.clear()
        for info in self.ws.translation.providers():
            label = info.settings.name + (" ✓" if info.default else "")
            self.provider_box.addItem(label, info.settings.name)
            if info.default:
                self.provider_box.setCurrentIndex(self.provider_box.count() - 1)

    def open(self, article_id: str, locale: str) -> None:
        """Load the units, their memory matches and hints on the worker."""
        ws = self.ws
        self.load_providers()
        if self.op is not None and self.op.label in SLICED:
            self.op.cancel()  # its rows belong to the text being replaced

        def work(progress: Callable[[int, int, str], None], cancel: threading.Event) -> Loaded:
            progress(0, 2, _("Reading units and memory"))
            info, _body = ws.show(article_id, locale=locale)
            views = ws.translation.units(article_id, locale=locale)
            if cancel.is_set():
                raise Cancelled
            progress(1, 2, _("Loading the glossary"))
            check = translate_editor.checker(ws, locale)
            texts = {(v.source, v.translation or "") for v in views if not v.warnings}
            warnings = {(s, t): check.check(s, t) for s, t in texts}
            progress(2, 2, "")
            return Loaded(
                article_id,
                locale,
                info.title,
                info.revision,
                views,
                check,
                info.machine_translated,
                warnings,
            )

        self._start(
            run_op(
                self,
                work,
                label="units",
                hold_gc=True,
                on_done=self._loaded,
                on_error=self._failed,
                on_progress=self._progress,
                on_cancelled=lambda: self.status.setText(_("Loading cancelled.")),
            )
        )

    def _loaded(self, loaded: Loaded) -> None:
        self.key = (loaded.article_id, loaded.locale)
        self.revision = loaded.revision
        self.model.set_units(loaded.views, loaded.check)
        self._fit_columns()
        self._show_title()
        first = self.model.next_changed(-1)
        self.select(first if first is not None else 0)
        # Row heights in slices, from the shown row on: the rows in view get theirs first.
        start, count = max(self.current_row(), 0), self.model.rowCount()
        order = [*range(start, count), *range(start)]
        steps = [partial(self.view.resizeRowToContents, r) for r in order]
        self._start(run_sliced(self, steps, label="rows"))
        changed = sum(1 for r in self.model.rows if r.changed)
        text = ngettext(
            "{n} unit changed since this translation was made.",
            "{n} units changed since this translation was made.",
            changed,
        ).format(n=changed)
        if loaded.machine and not self.model.machine_left():
            # A revision saved before per-unit marks (or imported) carries the mark only
            # as a whole, until a human edit of it is approved.
            text += " " + _(
                "The saved text contains machine translation no reviewer has seen edited."
            )
        self.status.setText(text)
        self.loaded.emit()

    # -- moving ----------------------------------------------------------------------

    def current_row(self) -> int:
        return self.view.currentIndex().row()

    def select(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(row, UnitsModel.TRANSLATION))
            self.view.scrollTo(self.view.currentIndex())

    def next_changed(self) -> None:
        found = self.model.next_changed(self.current_row())
        if found is not None:
            self.select(found)

    def mark_done_and_next(self) -> None:
        row = self.current_row()
        if row >= 0:
            self.model.set_done(row)
            self.next_changed()

    def show_help(self) -> None:
        """Memory matches with their score, glossary hints and QA warnings of the unit."""
        row = self.current_row()
        if row < 0 or row >= self.model.rowCount():
            self.help.clear()
            return
        self.help.setHtml(unit_help_html(self.model.row_at(row)))

    def _after_change(self) -> None:
        if self.op is None or self.op.label != "fill":  # filling shows the help once, at the end
            self.show_help()

    # -- filling -----------------------------------------------------------------------

    def use_memory(self) -> None:
        """Fill changed units not yet worked on with their best memory match."""
        filled = 0
        for number, row in enumerate(self.model.rows):
            if row.changed and not row.touched and row.view.memory:
                best = row.view.memory[0]
                if best.score >= MEMORY_FILL_AT:
                    self.model.fill_memory(number, best.target)
                    filled += 1
        self.status.setText(
            ngettext(
                "{n} unit filled from memory.", "{n} units filled from memory.", filled
            ).format(n=filled)
        )

    def machine_translate(self) -> None:
        """Ask the chosen provider for every changed unit not yet worked on (in the background)."""
        if self.key is None:
            return
        todo = [
            (number, row.view.source)
            for number, row in enumerate(self.model.rows)
            if row.changed and not row.touched
        ]
        if not todo:
            self.status.setText(_("Every changed unit is already worked on."))
            return
        ws, locale = self.ws, self.key[1]
        provider = self.provider_box.currentData()

        def work(
            progress: Callable[[int, int, str], None], cancel: object
        ) -> list[translate_editor.MachineText]:
            return translate_editor.machine_translate(
                ws,
                todo,
                locale=locale,
                provider=provider,
                progress=progress,
                cancel=cancel,  # type: ignore[arg-type]
            )

        self._start(
            run_op(
                self,
                work,
                label="machine translation",
                on_done=self._machine_done,
                on_error=self._failed,
                on_progress=self._progress,
                on_cancelled=self._cancelled,
            )
        )

    def _machine_done(self, results: list[translate_editor.MachineText]) -> None:
        """Fill the units in slices (see SLICED), then say how it went."""

        def fill(result: translate_editor.MachineText) -> None:
            self.model.fill_machine(result.index, result.text or "")
            self.view.resizeRowToContents(result.index)

        steps = [partial(fill, r) for r in results if r.text is not None]
        self._start(
            run_sliced(
                self, steps, label="fill", on_done=lambda _none: self._machine_filled(results)
            )
        )

    def _machine_filled(self, results: list[translate_editor.MachineText]) -> None:
        failed = [r for r in results if r.error]
        text = ngettext(
            "{n} unit machine-translated.",
            "{n} units machine-translated.",
            len(results) - len(failed),
        ).format(n=len(results) - len(failed))
        if failed:
            text += " " + _("Failed: {error}").format(error=failed[0].error)
        self.status.setText(text)
        self.show_help()

    # -- background ----------------------------------------------------------------------

    def _start(self, op: Op) -> None:
        self.op = op
        op.finished.connect(lambda: self._finished(op))
        self.progress.setRange(0, 0)
        self.progress.show()
        # Loading (memory lookups) and machine translation may be cancelled; a save may not.
        self.cancel_button.setVisible(op.label in ("units", "machine translation"))
        self._enable()

    def _progress(self, done: int, total: int, label: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"%v/%m {label}")

    def _finished(self, op: Op) -> None:
        if op is not self.op:
            return  # an op that handed over to another (machine text, then filling it)
        self.op = None
        self.progress.hide()
        self.cancel_button.hide()
        self._enable()

    def cancel(self) -> None:
        if self.op is not None:
            self.op.cancel()

    def _cancelled(self) -> None:
        self.status.setText(_("Machine translation cancelled; no unit was changed."))

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(str(exc))
        self.failed.emit(exc)

    # -- saving ----------------------------------------------------------------------------

    def save(self) -> None:
        """Save the units as the translation's new revision (a draft)."""
        if self.key is None or self.op is not None:
            return
        ws, (article_id, locale) = self.ws, self.key
        title, texts = self.model.texts()
        machine, complete = self.model.machine_left(), self.model.complete()
        marks = self.model.machine_marks()
        user, base = self.user(), self.revision

        def work(progress: object, cancel: object) -> Change:
            return translate_editor.save_units(
                ws,
                article_id,
                locale=locale,
                actor=user,
                title=title,
                texts=texts,
                machine=machine,
                machine_marks=marks,
                complete=complete,
                base_revision=base,
            )

        def done(change: Change) -> None:
            self.revision = change.revision
            if complete:
                self.status.setText(_("Saved revision {n}.").format(n=change.revision))
            else:
                self.status.setText(
                    _(
                        "Saved revision {n}; some changed units are not redone yet,"
                        " so it stays outdated."
                    ).format(n=change.revision)
                )
            self.saved.emit(change)

        self._start(run_op(self, work, label="save", on_done=done, on_error=self._failed))

    def submit(self) -> None:
        if self.key is None or self.op is not None:
            return
        ws, (article_id, locale), user = self.ws, self.key, self.user()

        def work(progress: object, cancel: object) -> Change:
            return ws.act(Action.SUBMIT, article_id, locale=locale, actor=user)

        def done(change: Change) -> None:
            self.status.setText(_("Submitted for review."))
            self.acted.emit(change)

        self._start(run_op(self, work, label="submit", on_done=done, on_error=self._failed))

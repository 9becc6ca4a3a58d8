"""The article properties panel of the right dock: shows and edits type, tags, owner,
review-by date, visibility and end date through Workspace.set_properties."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QDateTime, QEvent, QTime, QTimeZone, Signal
from PySide6.QtWidgets import QWidget

from kbstudio.domain.errors import ConflictError, KBError
from kbstudio.domain.model import ArticleType, Visibility
from kbstudio.domain.properties import may_change, may_tag
from kbstudio.gui.forms.ui_properties import Ui_Properties
from kbstudio.gui.models.tree import BADGE_LABELS
from kbstudio.gui.ops import run_op
from kbstudio.i18n import N_, _
from kbstudio.services import lookup

if TYPE_CHECKING:
    from collections.abc import Callable

    from kbstudio.domain.workflow import Actor
    from kbstudio.services.properties import PropertiesChange
    from kbstudio.services.views import TranslationInfo
    from kbstudio.services.workspace import Workspace

TYPE_LABELS = {
    ArticleType.FAQ.value: N_("FAQ"),
    ArticleType.GUIDE.value: N_("Guide"),
    ArticleType.ANNOUNCEMENT.value: N_("Announcement"),
    ArticleType.NOTICE.value: N_("Notice"),
}
VISIBILITY_LABELS = {
    Visibility.PUBLIC.value: N_("Public"),
    Visibility.INTERNAL.value: N_("Internal"),
}
ERROR_STYLE = "color: #c62828;"


def _qdate(text: str | None) -> QDate:
    return QDate.fromString(text, "yyyy-MM-dd") if text else QDate.currentDate()


def _qdatetime(text: str | None) -> QDateTime:
    if text:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(dt.UTC)
        return QDateTime(
            QDate(moment.year, moment.month, moment.day),
            QTime(moment.hour, moment.minute),
            QTimeZone.utc(),
        )
    now = QDateTime.currentDateTimeUtc()
    return QDateTime(now.date(), QTime(now.time().hour(), 0), QTimeZone.utc())


def _moment(value: QDateTime) -> dt.datetime:
    day, time = value.date(), value.time()
    return dt.datetime(
        day.year(), day.month(), day.day(), time.hour(), time.minute(), tzinfo=dt.UTC
    )


class PropertiesPanel(QWidget):
    """Properties of the article shown; Apply saves what changed, refused fields are off.

    Private state: ``_info`` the text last shown (its article_version is the version the
    edits start from); ``_initial`` the widgets' values right after showing it, so
    "changed" compares like with like (the editors round times to the minute).
    """

    applied = Signal(str)  # the article whose properties were saved

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_Properties()
        self.ui.setupUi(self)
        self._ws: Workspace | None = None
        self._user: Callable[[], str] = lambda: ""
        self._source_locale = ""
        self._info: TranslationInfo | None = None
        self._initial: dict[str, Any] = {}
        self._busy = False
        ui = self.ui
        ui.endsEdit.setTimeZone(QTimeZone.utc())  # end dates are UTC, as in the files
        for value in TYPE_LABELS:
            ui.typeCombo.addItem("", value)
        for value in VISIBILITY_LABELS:
            ui.visibilityCombo.addItem("", value)
        self._label_choices()
        for combo in (ui.typeCombo, ui.ownerCombo, ui.visibilityCombo):
            combo.currentIndexChanged.connect(self._edited)
        ui.tagsEdit.textEdited.connect(self._edited)
        ui.reviewByEdit.dateChanged.connect(self._edited)
        ui.endsEdit.dateTimeChanged.connect(self._edited)
        ui.reviewBySet.toggled.connect(self._edited)
        ui.endsSet.toggled.connect(self._edited)
        ui.applyButton.clicked.connect(self.apply)
        ui.revertButton.clicked.connect(self.revert)
        self.show_info(None)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.ui.retranslateUi(self)
            self._label_choices()
        super().changeEvent(event)

    def _label_choices(self) -> None:
        for combo, labels in (
            (self.ui.typeCombo, TYPE_LABELS),
            (self.ui.visibilityCombo, VISIBILITY_LABELS),
        ):
            for i in range(combo.count()):
                combo.setItemText(i, _(labels[combo.itemData(i)]))
        if self.ui.ownerCombo.count():
            self.ui.ownerCombo.setItemText(0, _("(nobody)"))

    # -- wiring ------------------------------------------------------------------------

    def bind(self, ws: Workspace, user: Callable[[], str]) -> None:
        """Edit through *ws*, acting as whoever *user()* names at the time."""
        self._ws, self._user = ws, user
        with ws.session() as s:
            self._source_locale = lookup.settings(s).source_locale
        combo = self.ui.ownerCombo
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(_("(nobody)"), None)
        for row in ws.users():
            if row.active:
                combo.addItem(row.name, row.name)
        combo.blockSignals(False)
        self.show_info(self._info)

    # -- showing -----------------------------------------------------------------------

    def show_info(self, info: TranslationInfo | None, ends_at: str | None = None) -> None:
        """Show *info*'s properties (*ends_at* is unused: the info carries the end date)."""
        self._info = info
        ui = self.ui
        widgets = self._editors()
        for w in widgets:
            w.blockSignals(True)
        if info is None:
            ui.idValue.clear()
            ui.statusValue.clear()
            ui.tagsEdit.clear()
        else:
            ui.idValue.setText(f"{info.article_id} · {info.locale}")
            status = _(BADGE_LABELS.get(info.status, info.status))
            if info.outdated:
                status += " · " + _(BADGE_LABELS["outdated"])
            ui.statusValue.setText(status)
            ui.typeCombo.setCurrentIndex(max(ui.typeCombo.findData(info.type), 0))
            ui.tagsEdit.setText(", ".join(info.tags))
            ui.ownerCombo.setCurrentIndex(max(ui.ownerCombo.findData(info.owner), 0))
            ui.reviewBySet.setChecked(info.review_by is not None)
            ui.reviewByEdit.setDate(_qdate(info.review_by))
            visibility = ui.visibilityCombo.findData(info.visibility)
            ui.visibilityCombo.setCurrentIndex(max(visibility, 0))
            ui.endsSet.setChecked(info.ends_at is not None)
            ui.endsEdit.setDateTime(_qdatetime(info.ends_at))
        for w in widgets:
            w.blockSignals(False)
        self._initial = self.values()
        self.show_message("")
        self.refresh_rights()

    def _editors(self) -> list[QWidget]:
        ui = self.ui
        return [
            ui.typeCombo, ui.tagsEdit, ui.ownerCombo, ui.reviewBySet, ui.reviewByEdit,
            ui.visibilityCombo, ui.endsSet, ui.endsEdit,
        ]  # fmt: skip

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.ui.messageLabel.setText(text)
        self.ui.messageLabel.setStyleSheet(ERROR_STYLE if error else "")

    def _actor(self) -> Actor | None:
        if self._ws is None or not self._user():
            return None
        try:
            with self._ws.session() as s:
                return lookup.actor(s, self._user())
        except KBError:
            return None

    def refresh_rights(self) -> None:
        """Turn off the fields the current user may not change (the service refuses them)."""
        ui, info = self.ui, self._info
        actor = self._actor() if info is not None else None
        owner = info.owner if info is not None else None

        def allowed(field: str) -> bool:
            return actor is not None and may_change(actor, field, owner=owner)

        ui.typeCombo.setEnabled(allowed("type"))
        ui.ownerCombo.setEnabled(allowed("owner"))
        ui.visibilityCombo.setEnabled(allowed("visibility"))
        ui.reviewBySet.setEnabled(allowed("review_by"))
        ui.endsSet.setEnabled(allowed("ends_at"))
        ui.tagsEdit.setEnabled(
            actor is not None
            and info is not None
            and may_tag(actor, info.locale, source_locale=self._source_locale)
        )
        self._edited()

    # -- editing -----------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """What the editors say now, in the service's terms."""
        ui = self.ui
        review = ui.reviewByEdit.date()
        ends = ui.endsEdit.dateTime().toUTC()
        return {
            "type": ui.typeCombo.currentData(),
            "owner": ui.ownerCombo.currentData(),
            "review_by": (
                dt.date(review.year(), review.month(), review.day())
                if ui.reviewBySet.isChecked()
                else None
            ),
            "visibility": ui.visibilityCombo.currentData(),
            "ends_at": _moment(ends) if ui.endsSet.isChecked() else None,
            "tags": [t.strip() for t in ui.tagsEdit.text().split(",") if t.strip()],
        }

    def changed_fields(self) -> dict[str, Any]:
        now = self.values()
        return {k: v for k, v in now.items() if v != self._initial.get(k)}

    def _edited(self, *_args: object) -> None:
        ui = self.ui
        ui.reviewByEdit.setEnabled(ui.reviewBySet.isEnabled() and ui.reviewBySet.isChecked())
        ui.endsEdit.setEnabled(ui.endsSet.isEnabled() and ui.endsSet.isChecked())
        dirty = self._info is not None and bool(self.changed_fields())
        ui.applyButton.setEnabled(dirty and not self._busy and self._ws is not None)
        ui.revertButton.setEnabled(dirty and not self._busy)

    def revert(self) -> None:
        """Show the properties as they are now in the workspace (others' changes included)."""
        if self._ws is None or self._info is None:
            return
        info, _body = self._ws.show(self._info.article_id, locale=self._info.locale)
        self.show_info(info)

    def apply(self) -> None:
        """Save the changed fields; refusals and conflicts show here, edits stay."""
        if self._ws is None or self._info is None or self._busy:
            return
        fields = self.changed_fields()
        if not fields:
            return
        ws, info, user = self._ws, self._info, self._user()
        tags = fields.pop("tags", None)

        def work(progress: object, cancel: object) -> tuple[PropertiesChange, TranslationInfo]:
            change = ws.set_properties(
                info.article_id,
                actor=user,
                expected_lock_version=info.article_version,
                tags={info.locale: tags} if tags is not None else None,
                **fields,
            )
            return change, ws.show(info.article_id, locale=info.locale)[0]

        self._busy = True
        self._edited()
        run_op(self, work, label="properties", on_done=self._applied, on_error=self._refused)

    def _applied(self, result: tuple[PropertiesChange, TranslationInfo]) -> None:
        change, info = result
        self._busy = False
        self.show_info(info)
        self.show_message(_("Saved (properties version {n}).").format(n=change.lock_version))
        self.applied.emit(change.article_id)

    def _refused(self, exc: BaseException) -> None:
        self._busy = False
        self._edited()
        if isinstance(exc, ConflictError):
            self.show_message(
                str(exc) + " " + _("Revert shows their values; then make your change again."),
                error=True,
            )
        elif isinstance(exc, KBError):
            self.show_message(str(exc), error=True)
        else:
            self.show_message(_("Could not save: {error}").format(error=exc), error=True)

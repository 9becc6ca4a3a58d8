# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'properties.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QApplication, QCheckBox, QComboBox, QDateEdit,
    QDateTimeEdit, QFormLayout, QHBoxLayout, QLabel,
    QLineEdit, QPushButton, QSizePolicy, QSpacerItem,
    QVBoxLayout, QWidget)

class Ui_Properties(object):
    def setupUi(self, Properties):
        if not Properties.objectName():
            Properties.setObjectName(u"Properties")
        Properties.resize(320, 320)
        self.outerLayout = QVBoxLayout(Properties)
        self.outerLayout.setObjectName(u"outerLayout")
        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.idLabel = QLabel(Properties)
        self.idLabel.setObjectName(u"idLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.idLabel)

        self.idValue = QLabel(Properties)
        self.idValue.setObjectName(u"idValue")
        self.idValue.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.idValue)

        self.statusLabel = QLabel(Properties)
        self.statusLabel.setObjectName(u"statusLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.statusLabel)

        self.statusValue = QLabel(Properties)
        self.statusValue.setObjectName(u"statusValue")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.statusValue)

        self.typeLabel = QLabel(Properties)
        self.typeLabel.setObjectName(u"typeLabel")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.typeLabel)

        self.typeCombo = QComboBox(Properties)
        self.typeCombo.setObjectName(u"typeCombo")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.typeCombo)

        self.tagsLabel = QLabel(Properties)
        self.tagsLabel.setObjectName(u"tagsLabel")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.tagsLabel)

        self.tagsEdit = QLineEdit(Properties)
        self.tagsEdit.setObjectName(u"tagsEdit")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.tagsEdit)

        self.ownerLabel = QLabel(Properties)
        self.ownerLabel.setObjectName(u"ownerLabel")

        self.formLayout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.ownerLabel)

        self.ownerCombo = QComboBox(Properties)
        self.ownerCombo.setObjectName(u"ownerCombo")

        self.formLayout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.ownerCombo)

        self.reviewByLabel = QLabel(Properties)
        self.reviewByLabel.setObjectName(u"reviewByLabel")

        self.formLayout.setWidget(5, QFormLayout.ItemRole.LabelRole, self.reviewByLabel)

        self.reviewByRow = QHBoxLayout()
        self.reviewByRow.setObjectName(u"reviewByRow")
        self.reviewBySet = QCheckBox(Properties)
        self.reviewBySet.setObjectName(u"reviewBySet")

        self.reviewByRow.addWidget(self.reviewBySet)

        self.reviewByEdit = QDateEdit(Properties)
        self.reviewByEdit.setObjectName(u"reviewByEdit")
        self.reviewByEdit.setCalendarPopup(True)
        self.reviewByEdit.setDisplayFormat(u"yyyy-MM-dd")

        self.reviewByRow.addWidget(self.reviewByEdit)


        self.formLayout.setLayout(5, QFormLayout.ItemRole.FieldRole, self.reviewByRow)

        self.visibilityLabel = QLabel(Properties)
        self.visibilityLabel.setObjectName(u"visibilityLabel")

        self.formLayout.setWidget(6, QFormLayout.ItemRole.LabelRole, self.visibilityLabel)

        self.visibilityCombo = QComboBox(Properties)
        self.visibilityCombo.setObjectName(u"visibilityCombo")

        self.formLayout.setWidget(6, QFormLayout.ItemRole.FieldRole, self.visibilityCombo)

        self.endsLabel = QLabel(Properties)
        self.endsLabel.setObjectName(u"endsLabel")

        self.formLayout.setWidget(7, QFormLayout.ItemRole.LabelRole, self.endsLabel)

        self.endsRow = QHBoxLayout()
        self.endsRow.setObjectName(u"endsRow")
        self.endsSet = QCheckBox(Properties)
        self.endsSet.setObjectName(u"endsSet")

        self.endsRow.addWidget(self.endsSet)

        self.endsEdit = QDateTimeEdit(Properties)
        self.endsEdit.setObjectName(u"endsEdit")
        self.endsEdit.setCalendarPopup(True)
        self.endsEdit.setDisplayFormat(u"yyyy-MM-dd HH:mm 'UTC'")

        self.endsRow.addWidget(self.endsEdit)


        self.formLayout.setLayout(7, QFormLayout.ItemRole.FieldRole, self.endsRow)


        self.outerLayout.addLayout(self.formLayout)

        self.messageLabel = QLabel(Properties)
        self.messageLabel.setObjectName(u"messageLabel")
        self.messageLabel.setWordWrap(True)
        self.messageLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.outerLayout.addWidget(self.messageLabel)

        self.buttonRow = QHBoxLayout()
        self.buttonRow.setObjectName(u"buttonRow")
        self.buttonSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttonRow.addItem(self.buttonSpacer)

        self.revertButton = QPushButton(Properties)
        self.revertButton.setObjectName(u"revertButton")

        self.buttonRow.addWidget(self.revertButton)

        self.applyButton = QPushButton(Properties)
        self.applyButton.setObjectName(u"applyButton")

        self.buttonRow.addWidget(self.applyButton)


        self.outerLayout.addLayout(self.buttonRow)

        self.bottomSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.outerLayout.addItem(self.bottomSpacer)

#if QT_CONFIG(shortcut)
        self.typeLabel.setBuddy(self.typeCombo)
        self.tagsLabel.setBuddy(self.tagsEdit)
        self.ownerLabel.setBuddy(self.ownerCombo)
        self.reviewByLabel.setBuddy(self.reviewBySet)
        self.visibilityLabel.setBuddy(self.visibilityCombo)
        self.endsLabel.setBuddy(self.endsSet)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.typeCombo, self.tagsEdit)
        QWidget.setTabOrder(self.tagsEdit, self.ownerCombo)
        QWidget.setTabOrder(self.ownerCombo, self.reviewBySet)
        QWidget.setTabOrder(self.reviewBySet, self.reviewByEdit)
        QWidget.setTabOrder(self.reviewByEdit, self.visibilityCombo)
        QWidget.setTabOrder(self.visibilityCombo, self.endsSet)
        QWidget.setTabOrder(self.endsSet, self.endsEdit)
        QWidget.setTabOrder(self.endsEdit, self.revertButton)
        QWidget.setTabOrder(self.revertButton, self.applyButton)

        self.retranslateUi(Properties)

        self.applyButton.setDefault(True)


        QMetaObject.connectSlotsByName(Properties)
    # setupUi

    def retranslateUi(self, Properties):
        self.idLabel.setText(QCoreApplication.translate("Properties", u"Article", None))
        self.statusLabel.setText(QCoreApplication.translate("Properties", u"Status", None))
        self.typeLabel.setText(QCoreApplication.translate("Properties", u"Type", None))
        self.tagsLabel.setText(QCoreApplication.translate("Properties", u"Tags", None))
        self.tagsEdit.setPlaceholderText(QCoreApplication.translate("Properties", u"Comma-separated, for this locale", None))
        self.ownerLabel.setText(QCoreApplication.translate("Properties", u"Owner", None))
        self.reviewByLabel.setText(QCoreApplication.translate("Properties", u"Review by", None))
#if QT_CONFIG(tooltip)
        self.reviewBySet.setToolTip(QCoreApplication.translate("Properties", u"Unchecked: no review-by date", None))
#endif // QT_CONFIG(tooltip)
        self.visibilityLabel.setText(QCoreApplication.translate("Properties", u"Visibility", None))
        self.endsLabel.setText(QCoreApplication.translate("Properties", u"End date", None))
#if QT_CONFIG(tooltip)
        self.endsSet.setToolTip(QCoreApplication.translate("Properties", u"Unchecked: no end date (announcements only)", None))
#endif // QT_CONFIG(tooltip)
        self.revertButton.setText(QCoreApplication.translate("Properties", u"Revert", None))
        self.applyButton.setText(QCoreApplication.translate("Properties", u"Apply", None))
        pass
    # retranslateUi


# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'publish_dialog.ui'
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
from PySide6.QtWidgets import (QApplication, QCheckBox, QDialog, QHBoxLayout,
    QLabel, QLineEdit, QListWidget, QListWidgetItem,
    QProgressBar, QPushButton, QSizePolicy, QSpacerItem,
    QTextBrowser, QVBoxLayout, QWidget)

class Ui_PublishDialog(object):
    def setupUi(self, PublishDialog):
        if not PublishDialog.objectName():
            PublishDialog.setObjectName(u"PublishDialog")
        PublishDialog.resize(560, 520)
        self.mainLayout = QVBoxLayout(PublishDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.localesLabel = QLabel(PublishDialog)
        self.localesLabel.setObjectName(u"localesLabel")

        self.mainLayout.addWidget(self.localesLabel)

        self.localeList = QListWidget(PublishDialog)
        self.localeList.setObjectName(u"localeList")
        self.localeList.setMaximumSize(QSize(16777215, 150))

        self.mainLayout.addWidget(self.localeList)

        self.folderLayout = QHBoxLayout()
        self.folderLayout.setObjectName(u"folderLayout")
        self.folderLabel = QLabel(PublishDialog)
        self.folderLabel.setObjectName(u"folderLabel")

        self.folderLayout.addWidget(self.folderLabel)

        self.folderEdit = QLineEdit(PublishDialog)
        self.folderEdit.setObjectName(u"folderEdit")

        self.folderLayout.addWidget(self.folderEdit)

        self.browseButton = QPushButton(PublishDialog)
        self.browseButton.setObjectName(u"browseButton")

        self.folderLayout.addWidget(self.browseButton)


        self.mainLayout.addLayout(self.folderLayout)

        self.internalCheck = QCheckBox(PublishDialog)
        self.internalCheck.setObjectName(u"internalCheck")

        self.mainLayout.addWidget(self.internalCheck)

        self.approvedCheck = QCheckBox(PublishDialog)
        self.approvedCheck.setObjectName(u"approvedCheck")

        self.mainLayout.addWidget(self.approvedCheck)

        self.progressBar = QProgressBar(PublishDialog)
        self.progressBar.setObjectName(u"progressBar")
        self.progressBar.setValue(0)

        self.mainLayout.addWidget(self.progressBar)

        self.statusLabel = QLabel(PublishDialog)
        self.statusLabel.setObjectName(u"statusLabel")

        self.mainLayout.addWidget(self.statusLabel)

        self.summaryView = QTextBrowser(PublishDialog)
        self.summaryView.setObjectName(u"summaryView")

        self.mainLayout.addWidget(self.summaryView)

        self.buttonLayout = QHBoxLayout()
        self.buttonLayout.setObjectName(u"buttonLayout")
        self.openButton = QPushButton(PublishDialog)
        self.openButton.setObjectName(u"openButton")
        self.openButton.setEnabled(False)

        self.buttonLayout.addWidget(self.openButton)

        self.buttonSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttonLayout.addItem(self.buttonSpacer)

        self.publishButton = QPushButton(PublishDialog)
        self.publishButton.setObjectName(u"publishButton")

        self.buttonLayout.addWidget(self.publishButton)

        self.cancelButton = QPushButton(PublishDialog)
        self.cancelButton.setObjectName(u"cancelButton")
        self.cancelButton.setEnabled(False)

        self.buttonLayout.addWidget(self.cancelButton)

        self.closeButton = QPushButton(PublishDialog)
        self.closeButton.setObjectName(u"closeButton")

        self.buttonLayout.addWidget(self.closeButton)


        self.mainLayout.addLayout(self.buttonLayout)


        self.retranslateUi(PublishDialog)

        self.publishButton.setDefault(True)


        QMetaObject.connectSlotsByName(PublishDialog)
    # setupUi

    def retranslateUi(self, PublishDialog):
        PublishDialog.setWindowTitle(QCoreApplication.translate("PublishDialog", u"Publish the help center", None))
        self.localesLabel.setText(QCoreApplication.translate("PublishDialog", u"Locales to publish:", None))
        self.folderLabel.setText(QCoreApplication.translate("PublishDialog", u"Output folder:", None))
        self.browseButton.setText(QCoreApplication.translate("PublishDialog", u"Browse\u2026", None))
        self.internalCheck.setText(QCoreApplication.translate("PublishDialog", u"Include internal articles", None))
        self.approvedCheck.setText(QCoreApplication.translate("PublishDialog", u"Mark approved texts as published first (publishers only)", None))
        self.statusLabel.setText(QCoreApplication.translate("PublishDialog", u"Ready.", None))
        self.openButton.setText(QCoreApplication.translate("PublishDialog", u"Open in browser", None))
        self.publishButton.setText(QCoreApplication.translate("PublishDialog", u"Publish", None))
        self.cancelButton.setText(QCoreApplication.translate("PublishDialog", u"Cancel publishing", None))
        self.closeButton.setText(QCoreApplication.translate("PublishDialog", u"Close", None))
    # retranslateUi


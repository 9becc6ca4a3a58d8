# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'review_queue.ui'
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
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QHBoxLayout, QHeaderView,
    QLabel, QPlainTextEdit, QPushButton, QSizePolicy,
    QSpacerItem, QSplitter, QTableView, QTextBrowser,
    QVBoxLayout, QWidget)

class Ui_ReviewQueue(object):
    def setupUi(self, ReviewQueue):
        if not ReviewQueue.objectName():
            ReviewQueue.setObjectName(u"ReviewQueue")
        ReviewQueue.resize(900, 560)
        self.mainLayout = QVBoxLayout(ReviewQueue)
        self.mainLayout.setObjectName(u"mainLayout")
        self.headerLabel = QLabel(ReviewQueue)
        self.headerLabel.setObjectName(u"headerLabel")

        self.mainLayout.addWidget(self.headerLabel)

        self.splitter = QSplitter(ReviewQueue)
        self.splitter.setObjectName(u"splitter")
        self.splitter.setOrientation(Qt.Orientation.Horizontal)
        self.queueView = QTableView(self.splitter)
        self.queueView.setObjectName(u"queueView")
        self.queueView.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.queueView.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.splitter.addWidget(self.queueView)
        self.detailPane = QWidget(self.splitter)
        self.detailPane.setObjectName(u"detailPane")
        self.detailLayout = QVBoxLayout(self.detailPane)
        self.detailLayout.setObjectName(u"detailLayout")
        self.detailLayout.setContentsMargins(0, 0, 0, 0)
        self.itemLabel = QLabel(self.detailPane)
        self.itemLabel.setObjectName(u"itemLabel")
        self.itemLabel.setWordWrap(True)

        self.detailLayout.addWidget(self.itemLabel)

        self.diffView = QTextBrowser(self.detailPane)
        self.diffView.setObjectName(u"diffView")

        self.detailLayout.addWidget(self.diffView)

        self.commentEdit = QPlainTextEdit(self.detailPane)
        self.commentEdit.setObjectName(u"commentEdit")
        self.commentEdit.setMaximumSize(QSize(16777215, 80))

        self.detailLayout.addWidget(self.commentEdit)

        self.buttonLayout = QHBoxLayout()
        self.buttonLayout.setObjectName(u"buttonLayout")
        self.previousButton = QPushButton(self.detailPane)
        self.previousButton.setObjectName(u"previousButton")

        self.buttonLayout.addWidget(self.previousButton)

        self.nextButton = QPushButton(self.detailPane)
        self.nextButton.setObjectName(u"nextButton")

        self.buttonLayout.addWidget(self.nextButton)

        self.buttonSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttonLayout.addItem(self.buttonSpacer)

        self.requestButton = QPushButton(self.detailPane)
        self.requestButton.setObjectName(u"requestButton")

        self.buttonLayout.addWidget(self.requestButton)

        self.approveButton = QPushButton(self.detailPane)
        self.approveButton.setObjectName(u"approveButton")

        self.buttonLayout.addWidget(self.approveButton)


        self.detailLayout.addLayout(self.buttonLayout)

        self.splitter.addWidget(self.detailPane)

        self.mainLayout.addWidget(self.splitter)

        self.mainLayout.setStretch(1, 1)

        self.retranslateUi(ReviewQueue)

        QMetaObject.connectSlotsByName(ReviewQueue)
    # setupUi

    def retranslateUi(self, ReviewQueue):
        ReviewQueue.setWindowTitle(QCoreApplication.translate("ReviewQueue", u"Review queue", None))
        self.headerLabel.setText(QCoreApplication.translate("ReviewQueue", u"Waiting for your review", None))
        self.itemLabel.setText(QCoreApplication.translate("ReviewQueue", u"Nothing selected.", None))
        self.commentEdit.setPlaceholderText(QCoreApplication.translate("ReviewQueue", u"Comment for the author (needed to request changes)", None))
        self.previousButton.setText(QCoreApplication.translate("ReviewQueue", u"Previous", None))
        self.nextButton.setText(QCoreApplication.translate("ReviewQueue", u"Next", None))
        self.requestButton.setText(QCoreApplication.translate("ReviewQueue", u"Request changes", None))
        self.approveButton.setText(QCoreApplication.translate("ReviewQueue", u"Approve", None))
    # retranslateUi


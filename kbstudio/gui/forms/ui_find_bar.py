# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'find_bar.ui'
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
from PySide6.QtWidgets import (QApplication, QCheckBox, QHBoxLayout, QLineEdit,
    QPushButton, QSizePolicy, QToolButton, QWidget)

class Ui_FindBar(object):
    def setupUi(self, FindBar):
        if not FindBar.objectName():
            FindBar.setObjectName(u"FindBar")
        FindBar.resize(700, 34)
        self.mainLayout = QHBoxLayout(FindBar)
        self.mainLayout.setObjectName(u"mainLayout")
        self.mainLayout.setContentsMargins(2, 2, 2, 2)
        self.findEdit = QLineEdit(FindBar)
        self.findEdit.setObjectName(u"findEdit")
        self.findEdit.setClearButtonEnabled(True)

        self.mainLayout.addWidget(self.findEdit)

        self.replaceEdit = QLineEdit(FindBar)
        self.replaceEdit.setObjectName(u"replaceEdit")

        self.mainLayout.addWidget(self.replaceEdit)

        self.caseCheck = QCheckBox(FindBar)
        self.caseCheck.setObjectName(u"caseCheck")

        self.mainLayout.addWidget(self.caseCheck)

        self.previousButton = QPushButton(FindBar)
        self.previousButton.setObjectName(u"previousButton")

        self.mainLayout.addWidget(self.previousButton)

        self.nextButton = QPushButton(FindBar)
        self.nextButton.setObjectName(u"nextButton")

        self.mainLayout.addWidget(self.nextButton)

        self.replaceButton = QPushButton(FindBar)
        self.replaceButton.setObjectName(u"replaceButton")

        self.mainLayout.addWidget(self.replaceButton)

        self.replaceAllButton = QPushButton(FindBar)
        self.replaceAllButton.setObjectName(u"replaceAllButton")

        self.mainLayout.addWidget(self.replaceAllButton)

        self.closeButton = QToolButton(FindBar)
        self.closeButton.setObjectName(u"closeButton")

        self.mainLayout.addWidget(self.closeButton)


        self.retranslateUi(FindBar)

        QMetaObject.connectSlotsByName(FindBar)
    # setupUi

    def retranslateUi(self, FindBar):
        self.findEdit.setPlaceholderText(QCoreApplication.translate("FindBar", u"Find", None))
        self.replaceEdit.setPlaceholderText(QCoreApplication.translate("FindBar", u"Replace with", None))
        self.caseCheck.setText(QCoreApplication.translate("FindBar", u"Match case", None))
        self.previousButton.setText(QCoreApplication.translate("FindBar", u"Previous", None))
        self.nextButton.setText(QCoreApplication.translate("FindBar", u"Next", None))
        self.replaceButton.setText(QCoreApplication.translate("FindBar", u"Replace", None))
        self.replaceAllButton.setText(QCoreApplication.translate("FindBar", u"Replace all", None))
        self.closeButton.setText(QCoreApplication.translate("FindBar", u"Close", None))
        pass
    # retranslateUi


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
from PySide6.QtWidgets import (QApplication, QFormLayout, QLabel, QSizePolicy,
    QWidget)

class Ui_Properties(object):
    def setupUi(self, Properties):
        if not Properties.objectName():
            Properties.setObjectName(u"Properties")
        Properties.resize(300, 220)
        self.formLayout = QFormLayout(Properties)
        self.formLayout.setObjectName(u"formLayout")
        self.idLabel = QLabel(Properties)
        self.idLabel.setObjectName(u"idLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.idLabel)

        self.idValue = QLabel(Properties)
        self.idValue.setObjectName(u"idValue")
        self.idValue.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.idValue)

        self.typeLabel = QLabel(Properties)
        self.typeLabel.setObjectName(u"typeLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.typeLabel)

        self.typeValue = QLabel(Properties)
        self.typeValue.setObjectName(u"typeValue")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.typeValue)

        self.statusLabel = QLabel(Properties)
        self.statusLabel.setObjectName(u"statusLabel")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.statusLabel)

        self.statusValue = QLabel(Properties)
        self.statusValue.setObjectName(u"statusValue")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.statusValue)

        self.tagsLabel = QLabel(Properties)
        self.tagsLabel.setObjectName(u"tagsLabel")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.tagsLabel)

        self.tagsValue = QLabel(Properties)
        self.tagsValue.setObjectName(u"tagsValue")
        self.tagsValue.setWordWrap(True)

        self.formLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.tagsValue)

        self.ownerLabel = QLabel(Properties)
        self.ownerLabel.setObjectName(u"ownerLabel")

        self.formLayout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.ownerLabel)

        self.ownerValue = QLabel(Properties)
        self.ownerValue.setObjectName(u"ownerValue")

        self.formLayout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.ownerValue)

        self.reviewByLabel = QLabel(Properties)
        self.reviewByLabel.setObjectName(u"reviewByLabel")

        self.formLayout.setWidget(5, QFormLayout.ItemRole.LabelRole, self.reviewByLabel)

        self.reviewByValue = QLabel(Properties)
        self.reviewByValue.setObjectName(u"reviewByValue")

        self.formLayout.setWidget(5, QFormLayout.ItemRole.FieldRole, self.reviewByValue)

        self.visibilityLabel = QLabel(Properties)
        self.visibilityLabel.setObjectName(u"visibilityLabel")

        self.formLayout.setWidget(6, QFormLayout.ItemRole.LabelRole, self.visibilityLabel)

        self.visibilityValue = QLabel(Properties)
        self.visibilityValue.setObjectName(u"visibilityValue")

        self.formLayout.setWidget(6, QFormLayout.ItemRole.FieldRole, self.visibilityValue)

        self.endsLabel = QLabel(Properties)
        self.endsLabel.setObjectName(u"endsLabel")

        self.formLayout.setWidget(7, QFormLayout.ItemRole.LabelRole, self.endsLabel)

        self.endsValue = QLabel(Properties)
        self.endsValue.setObjectName(u"endsValue")

        self.formLayout.setWidget(7, QFormLayout.ItemRole.FieldRole, self.endsValue)


        self.retranslateUi(Properties)

        QMetaObject.connectSlotsByName(Properties)
    # setupUi

    def retranslateUi(self, Properties):
        self.idLabel.setText(QCoreApplication.translate("Properties", u"Article", None))
        self.typeLabel.setText(QCoreApplication.translate("Properties", u"Type", None))
        self.statusLabel.setText(QCoreApplication.translate("Properties", u"Status", None))
        self.tagsLabel.setText(QCoreApplication.translate("Properties", u"Tags", None))
        self.ownerLabel.setText(QCoreApplication.translate("Properties", u"Owner", None))
        self.reviewByLabel.setText(QCoreApplication.translate("Properties", u"Review by", None))
        self.visibilityLabel.setText(QCoreApplication.translate("Properties", u"Visibility", None))
        self.endsLabel.setText(QCoreApplication.translate("Properties", u"End date", None))
        pass
    # retranslateUi


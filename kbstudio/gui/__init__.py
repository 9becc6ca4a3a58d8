"""The desktop studio: the only package that imports Qt (PySide6).

It sits on kbstudio.services and never reaches below it. Slow work runs through
kbstudio.gui.ops; item models live in kbstudio.gui.models; Designer forms are compiled
from ../../ui into kbstudio.gui.forms.
"""

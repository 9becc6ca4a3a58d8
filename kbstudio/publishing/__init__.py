"""The static help-center builder: rendering, sanitizing, theme, search export, atomic writes.

Knows nothing of the database or of Whoosh: services hand it plain values (model.py).
"""

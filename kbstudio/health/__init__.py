"""Content health: every finding for a locale in one prioritized queue.

Checks are pure functions over plain snapshots of the workspace (no database here); the
services layer builds the snapshots and adds what needs other layers (search gaps).
"""

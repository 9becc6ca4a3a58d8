"""The unit-level diff of the source, aligned to a translation of either structure."""

from __future__ import annotations

from kbstudio.translation.diff import align, diff_source
from kbstudio.translation.segmentation import segment

OLD = "# Fees\n\nThe fee is 0.0004 BTC.\n\n- Step one\n- Step two\n"
NEW = "# Fees\n\nThe fee is 0.0002 BTC.\n\nA new paragraph.\n\n- Step one\n- Step two\n"
MINE = "# Gebühren\n\nDie Gebühr beträgt 0,0004 BTC.\n\n- Schritt eins\n- Schritt zwei\n"


def test_changed_added_and_same_units_with_the_translation_beside_them() -> None:
    diff = diff_source(segment(OLD), segment(NEW), segment(MINE))
    rows = [(u.status, u.old, u.new, u.translation) for u in diff.units]
    assert rows == [
        ("same", "Fees", "Fees", "Gebühren"),
        (
            "changed",
            "The fee is 0.0004 BTC.",
            "The fee is 0.0002 BTC.",
            "Die Gebühr beträgt 0,0004 BTC.",
        ),
        ("added", None, "A new paragraph.", None),
        ("same", "Step one", "Step one", "Schritt eins"),
        ("same", "Step two", "Step two", "Schritt zwei"),
    ]
    assert diff.changed == 2
    assert diff.share == 0.4


def test_removed_units_are_listed() -> None:
    diff = diff_source(segment(NEW), segment(OLD))
    assert [u.status for u in diff.units] == ["same", "changed", "removed", "same", "same"]


def test_a_partly_updated_translation_is_aligned_to_the_new_structure() -> None:
    partial = (
        "# Gebühren\n\nDie Gebühr beträgt 0,0002 BTC.\n\nA new paragraph.\n\n"
        "- Schritt eins\n- Schritt zwei\n"
    )
    diff = diff_source(segment(OLD), segment(NEW), segment(partial))
    assert [u.translation for u in diff.units] == [
        "Gebühren",
        "Die Gebühr beträgt 0,0002 BTC.",
        "A new paragraph.",
        "Schritt eins",
        "Schritt zwei",
    ]


def test_a_dropped_unit_shifts_nothing_after_it() -> None:
    source = segment("Intro.\n\nSee [a](kb:a).\n\nMiddle words.\n\nSee [b](kb:b).\n\nEnd.\n")
    translation = segment("Intro DE.\n\nSiehe [a](kb:a).\n\nSiehe [b](kb:b).\n\nEnde.\n")
    mapping = align(source, translation)
    assert mapping[1] == 1
    assert mapping[3] == 2
    assert 2 not in mapping

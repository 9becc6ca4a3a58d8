"""The build state beside a site: parts named by content, tied to the site's manifest."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from kbstudio.publishing import buildstate, manifest

if TYPE_CHECKING:
    from pathlib import Path


def _facts(pages: int) -> dict[str, object]:
    return {
        f"{n * 7919 % 100_003:064x}": [[f"page-{n % 97}", "提现"], None if n % 3 else ["a"]]
        for n in range(pages)
    }


def test_a_part_in_pieces_is_exactly_one_json_dumps() -> None:
    for pages in (0, 1, buildstate._PIECE, buildstate._PIECE + 1, 3 * buildstate._PIECE + 17):
        for value in (_facts(pages), {"search": {"en": ["a", "b"]}, "facts": _facts(pages)}):
            whole = json.dumps(value, sort_keys=True, ensure_ascii=False)
            assert buildstate.encode_state(value) == whole


def test_parts_are_read_back_only_for_the_site_they_describe(tmp_path: Path) -> None:
    out = tmp_path / "site"
    state = buildstate.State(out, None)
    assert state.names() == []
    state.save("manifest-1", {"facts": _facts(5), "site": {"structure": "s"}})
    again = buildstate.State(out, "manifest-1")
    assert again.names() == ["facts", "site"]
    assert again.get("facts") == _facts(5)
    assert again.get("nothing") is None
    # Another site at OUT (replaced by other means, or a build killed after its swap).
    assert buildstate.State(out, "manifest-2").names() == []
    assert buildstate.State(out, None).get("facts") is None


def test_kept_parts_are_not_rewritten_and_others_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "site"
    first = buildstate.State(out, None)
    first.save("m1", {"facts": _facts(3), "terms-en": {"a": 1}, "terms-ja": {"b": 2}})
    facts_file = first._files["facts"]
    mtime = (buildstate.folder(out) / facts_file).stat().st_mtime_ns
    second = buildstate.State(out, "m1")
    second.save("m2", {"terms-en": {"a": 3}}, keep={"facts"})
    third = buildstate.State(out, "m2")
    assert third.names() == ["facts", "terms-en"]
    assert third._files["facts"] == facts_file
    assert (buildstate.folder(out) / facts_file).stat().st_mtime_ns == mtime
    assert third.get("terms-en") == {"a": 3}
    on_disk = sorted(p.name for p in buildstate.folder(out).iterdir())
    assert on_disk == sorted(["index.json", *third._files.values()])  # terms-ja is gone


def test_an_unreadable_part_or_index_only_means_more_work(tmp_path: Path) -> None:
    out = tmp_path / "site"
    buildstate.State(out, None).save("m1", {"facts": _facts(2), "site": {"x": 1}})
    state = buildstate.State(out, "m1")
    (buildstate.folder(out) / state._files["facts"]).write_text("{not json")
    assert state.get("facts") is None
    assert state.get("site") == {"x": 1}
    (buildstate.folder(out) / "index.json").write_text('{"parts": {"facts": "../../etc"}}')
    assert buildstate.State(out, "m1").names() == []


def test_the_state_of_a_site_follows_its_manifest(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "manifest.json").write_bytes(b'{"files": {}}')
    digest = manifest.digest(b'{"files": {}}')
    buildstate.State(out, None).save(digest, {"site": {"x": 1}})
    assert buildstate.State.of_site(out).get("site") == {"x": 1}
    (out / "manifest.json").write_bytes(b'{"files": {"a": {}}}')
    assert buildstate.State.of_site(out).get("site") is None

"""manifest.json: one file a line, whatever the entries' strings hold."""

from __future__ import annotations

import json

from kbstudio.publishing import manifest


def _one_encoder_call_per_entry(files: dict[str, object]) -> str:
    enc = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode
    lines = ",\n".join(f"{enc(rel)}:{enc(entry)}" for rel, entry in sorted(files.items()))
    return f'{{"files":{{\n{lines}\n}},"format":1}}\n'


def test_one_file_a_line_even_with_brackets_and_quotes_in_messages() -> None:
    files = {
        "en/articles/b.html": {"inputs": "1" * 64, "sha256": "a" * 64},
        "en/articles/a.html": {
            "errors": ['a (en): links to x},"y", which is not published', '"},"'],
            "external": ['https://example.com/?q=}&x="{'],
            "inputs": "2" * 64,
            "sha256": "b" * 64,
        },
        "ja/articles/提现.html": {"sha256": "c" * 64, "warnings": ['引用 \\ },\n"x"']},
        "assets/site.css": {"sha256": "d" * 64},
    }
    text = manifest.text(files)
    assert text == _one_encoder_call_per_entry(files)
    assert json.loads(text) == {"files": files, "format": 1}
    assert len(text.splitlines()) == len(files) + 2


def test_an_empty_manifest() -> None:
    assert manifest.text({}) == _one_encoder_call_per_entry({})


def test_a_patch_gives_the_text_of_the_changed_files() -> None:
    files = {
        f"en/articles/a{n:03d}.html": {"inputs": f"{n}", "sha256": f"{n:064x}"} for n in range(50)
    }
    files["assets/site.css"] = {"sha256": "c" * 64}
    old = manifest.text(files)
    changes = {
        "en/articles/a007.html": {"inputs": "new", "sha256": "e" * 64, "errors": ['x},"y']},
        "en/articles/a020.html": None,  # gone
        "en/articles/a020b.html": {"sha256": "f" * 64},  # new, between two others
        "aaa/first.js": {"sha256": "0" * 64},  # new, first
        "zzz/last.js": {"sha256": "1" * 64},  # new, last
        "nowhere.html": None,  # gone already
    }
    new = {**files, **{k: v for k, v in changes.items() if v is not None}}
    for rel, entry in changes.items():
        if entry is None:
            new.pop(rel, None)
    assert manifest.patch(old, changes) == manifest.text(new)
    assert manifest.patch(manifest.text({}), {"a.html": {"sha256": "2"}}) == manifest.text(
        {"a.html": {"sha256": "2"}}
    )


def test_a_manifest_not_made_by_text_is_not_patched() -> None:
    assert manifest.patch('{"files": {}}', {"a": None}) is None
    odd = manifest.text({'we"ird.html': {"sha256": "0"}, "b.html": {"sha256": "1"}})
    assert manifest.patch(odd, {"c.html": {"sha256": "2"}}) is None

"""manifest.json: one file a line, whatever the entries' strings hold."""

from __future__ import annotations

import json

from kbstudio.publishing.builder import manifest_text


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
    text = manifest_text(files)
    assert text == _one_encoder_call_per_entry(files)
    assert json.loads(text) == {"files": files, "format": 1}
    assert len(text.splitlines()) == len(files) + 2


def test_an_empty_manifest() -> None:
    assert manifest_text({}) == _one_encoder_call_per_entry({})

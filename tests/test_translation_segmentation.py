"""Segmentation, placeholders and pseudo-localization of Markdown units."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kbstudio.translation.glossary import Rendering, Term
from kbstudio.translation.protect import PlaceholderError, protect
from kbstudio.translation.pseudo import pseudo
from kbstudio.translation.segmentation import inline_parts, segment
from tests.conftest import CONTENT

DOC = """Intro with `code {{var:x}}` and a [link text](kb:withdraw-crypto#fees "Title").

## Network fees {#network-fees}

- First item, see https://status.example.com/path.
- [ ] A task with ![the alt text](img/a.png)
1. Numbered item
   continued on the next line

| Coin | Fee |
|---|---|
| BTC | 0.0002 BTC |
| `USDT` | text with \\| pipe |

> **Note:** quoted words

{{snippet:futures-risk}}

```bash
curl https://api.example.com -H "X: y"
# not a heading
```

    indented code stays

<a href="https://example.com/x" title="kept">Link words</a>

---
Setext heading
==============
"""


def test_units_of_every_kind_and_their_texts() -> None:
    doc = segment(DOC)
    texts = [(s.kind, s.text) for s in doc.segments]
    assert texts == [
        (
            "paragraph",
            'Intro with `code {{var:x}}` and a [link text](kb:withdraw-crypto#fees "Title").',
        ),
        ("heading", "Network fees"),
        ("list_item", "First item, see https://status.example.com/path."),
        ("list_item", "A task with ![the alt text](img/a.png)"),
        ("list_item", "Numbered item\n   continued on the next line"),
        ("table_cell", "Coin"),
        ("table_cell", "Fee"),
        ("table_cell", "BTC"),
        ("table_cell", "0.0002 BTC"),
        ("table_cell", "text with \\| pipe"),
        ("quote", "**Note:** quoted words"),
        ("paragraph", '<a href="https://example.com/x" title="kept">Link words</a>'),
        ("heading", "Setext heading"),
    ]
    # Code, snippets, rules and anchors are not units at all.
    joined = " ".join(t for _, t in texts)
    for kept in ("curl", "not a heading", "indented code", "{{snippet:", "{#network-fees}"):
        assert kept not in joined


def test_protected_pieces_inside_units() -> None:
    parts = inline_parts(
        'See `a|b` at https://x.example/y, [words](kb:z "t") <b class="c">{{var:v}}</b>.'
    )
    protected = [p for p, prot in parts if prot]
    assert protected == [
        "`a|b`",
        "https://x.example/y",
        '](kb:z "t")',
        '<b class="c">',
        "{{var:v}}",
        "</b>",
    ]
    assert "".join(p for p, _ in parts).startswith("See ")


def test_translating_units_keeps_the_structure() -> None:
    doc = segment(DOC)
    shouted = doc.rebuild([s.text.upper() for s in doc.segments])
    again = segment(shouted)
    assert [s.kind for s in again.segments] == [s.kind for s in doc.segments]
    assert "{#network-fees}" in shouted
    assert "{{snippet:futures-risk}}" in shouted
    assert 'curl https://api.example.com -H "X: y"' in shouted


def test_every_sample_article_round_trips() -> None:
    for path in sorted((CONTENT / "articles").glob("*/*.md")):
        text = path.read_text(encoding="utf-8")
        doc = segment(text)
        assert doc.rebuild([s.text for s in doc.segments]) == text, path


_BLOCKS = st.sampled_from(
    [
        "# Title {#t}",
        "## Sub heading",
        "Plain paragraph with `code` and [a link](kb:x).",
        "- item one",
        "  * nested item",
        "1. first",
        "| a | b |",
        "|---|:-:|",
        "> quoted",
        "```",
        "~~~",
        "    indented",
        "{{snippet:s}}",
        "{{var:fee}} only",
        "<div class='x'>",
        "---",
        "===",
        "",
        "   ",
        "\t",
        "![alt](p.png)",
        "https://x.example/a?b=c",
    ]
)
_FREE = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_BLOCKS, _FREE), max_size=25), st.sampled_from(["\n", "\r\n"]))
def test_identity_translation_round_trips(lines: list[str], newline: str) -> None:
    text = newline.join(lines)
    doc = segment(text)
    assert doc.rebuild([s.text for s in doc.segments]) == text
    previous_end = 0
    for s in doc.segments:
        assert s.start >= previous_end
        assert text[s.start : s.end] == s.text
        previous_end = s.end


TERMS = [
    Term("api", dnt=True, renderings={"en": Rendering("API")}),
    Term(
        "withdrawal",
        renderings={"en": Rendering("withdrawal", ("withdraw",)), "ja": Rendering("出金")},
    ),
]


def test_protect_swaps_pieces_and_terms_and_restores_them() -> None:
    text = "Use the API for a withdrawal: `GET /w` at https://api.example.com {{var:fee}}."
    p = protect(text, terms=TERMS, source_locale="en", target_locale="ja")
    for piece in ("API", "withdrawal", "`GET /w`", "https://api.example.com", "{{var:fee}}"):
        assert piece not in p.text
    assert set(p.glossary) == {"api", "withdrawal"}
    restored = p.restore(p.text.replace("Use the", "使う").replace("{0}", "{ 0 }"))
    assert "`GET /w`" in restored
    assert "出金" in restored
    assert "API" in restored
    assert "https://api.example.com" in restored
    assert "{{var:fee}}" in restored


def test_a_reply_that_loses_or_invents_a_placeholder_is_refused() -> None:
    p = protect("Open `x` and `y`.")
    assert p.text == "Open {0} and {1}."
    with pytest.raises(PlaceholderError, match="lost"):
        p.restore("Open {0}.")
    with pytest.raises(PlaceholderError, match="invented"):
        p.restore("Open {0} {1} {2}.")
    with pytest.raises(PlaceholderError, match="repeated"):
        p.restore("{0} {1} {1}")


def test_literal_braces_survive_protection() -> None:
    p = protect("Error {3} happens")
    assert p.restore(p.text) == "Error {3} happens"


def test_pseudo_is_accented_bracketed_and_a_third_longer() -> None:
    text = "Withdrawal fees depend on the network, see [fees](kb:withdrawal-fees) and `code`."
    out = pseudo(text)
    assert out.startswith("[")
    assert out.endswith("]")
    assert 1.3 <= len(out) / len(text) <= 1.4
    assert "](kb:withdrawal-fees)" in out
    assert "`code`" in out
    assert "Ŵîţĥðŕåŵåļ" in out
    assert pseudo("`only code`") == "`only code`"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_BLOCKS, _FREE), max_size=25))
def test_a_translation_keeps_the_structure(lines: list[str]) -> None:
    text = "\n".join(lines)
    doc = segment(text)
    # A stand-in translation: every word changes case, every protected piece stays.
    translated = doc.rebuild(
        [
            "".join(p if prot else p.swapcase() for p, prot in inline_parts(s.text))
            for s in doc.segments
        ]
    )
    again = segment(translated)
    assert [s.kind for s in again.segments] == [s.kind for s in doc.segments]

"""Write a Bundle as a folder in the KB Studio format, in one canonical layout.

The output is stable (same bundle, same bytes) so that exports diff cleanly in git.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

import yaml

from kbstudio.interchange.reader import GLOSSARY_FILE, WORKSPACE_FILE

if TYPE_CHECKING:
    from pathlib import Path

    from kbstudio.interchange.bundle import ArticleSpec, Bundle, TermSpec, TextSpec


def scalar(value: Any, *, flow: bool = False) -> str:
    """One YAML scalar, quoted only when YAML needs it (in a flow list if *flow*)."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if flow:
        dumped = yaml.safe_dump([value], default_flow_style=True, allow_unicode=True, width=1 << 20)
        return dumped.strip()[1:-1]
    dumped = yaml.safe_dump(value, allow_unicode=True, width=1 << 20)
    return dumped.removesuffix("\n").removesuffix("\n...").strip()


def flow_list(values: list[str]) -> str:
    return "[" + ", ".join(scalar(v, flow=True) for v in values) + "]"


def _front_matter(pairs: list[tuple[str, Any]]) -> str:
    lines = ["---"]
    for key, value in pairs:
        if value is None:
            continue
        text = flow_list(value) if isinstance(value, list) else scalar(value)
        lines.append(f"{key}: {text}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def _document(pairs: list[tuple[str, Any]], body: str) -> str:
    return _front_matter(pairs) + body


def _toml_str(value: str) -> str:
    # A JSON string is a valid TOML basic string.
    return json.dumps(value, ensure_ascii=False)


def _toml_names(names: dict[str, str]) -> str:
    return "{ " + ", ".join(f"{_toml_str(k)} = {_toml_str(v)}" for k, v in names.items()) + " }"


def _toml_list(values: list[str]) -> str:
    return "[" + ", ".join(_toml_str(v) for v in values) + "]"


def workspace_toml(bundle: Bundle) -> str:
    out = [
        f"name = {_toml_str(bundle.name)}",
        f"source_locale = {_toml_str(bundle.source_locale)}",
        f"locales = {_toml_list(bundle.locales)}",
    ]
    for cat in bundle.categories:
        out += [
            "",
            "[[categories]]",
            f"id = {_toml_str(cat.id)}",
            f"name = {_toml_names(cat.names)}",
        ]
        for sec in cat.sections:
            out += [
                "",
                "[[categories.sections]]",
                f"id = {_toml_str(sec.id)}",
                f"name = {_toml_names(sec.names)}",
            ]
    for var in bundle.variables:
        out += [
            "",
            "[[variables]]",
            f"name = {_toml_str(var.name)}",
            f"kind = {_toml_str(var.kind)}",
            f"value = {_toml_str(var.value)}",
        ]
        if var.unit:
            out.append(f"unit = {_toml_str(var.unit)}")
        if var.terms:
            terms = ", ".join(f"{_toml_str(k)} = {_toml_list(v)}" for k, v in var.terms.items())
            out.append(f"terms = {{ {terms} }}")
    for user in bundle.users:
        out += [
            "",
            "[[users]]",
            f"name = {_toml_str(user.name)}",
            f"display = {_toml_str(user.display)}",
            f"roles = {_toml_list(user.roles)}",
            f"locales = {_toml_list(user.locales)}",
        ]
    return "\n".join(out) + "\n"


def glossary_yaml(terms: list[TermSpec]) -> str:
    out = ["terms:"]
    for term in terms:
        out += [f"  - id: {scalar(term.id)}", f"    dnt: {'true' if term.dnt else 'false'}"]
        for locale, r in term.renderings.items():
            out.append(f"    {scalar(locale)}:")
            if r.term:
                out.append(f"      term: {scalar(r.term)}")
            if r.variants:
                out.append(f"      variants: {flow_list(r.variants)}")
            if r.forbidden:
                out.append(f"      forbidden: {flow_list(r.forbidden)}")
            if r.definition:
                out.append(f"      definition: {scalar(r.definition)}")
            if not (r.term or r.variants or r.forbidden or r.definition):
                out[-1] += " {}"
    return "\n".join(out) + "\n"


def source_document(article: ArticleSpec, text: TextSpec, section_path: str) -> str:
    return _document(
        [
            ("title", text.title),
            ("slug", text.slug),
            ("section", section_path),
            ("type", article.type),
            ("position", article.position),
            ("tags", text.tags),
            ("owner", article.owner),
            ("review_by", article.review_by),
            ("visibility", article.visibility),
            ("ends", article.ends_at),
            ("status", text.status),
            ("version", text.version),
        ],
        text.body,
    )


def translation_document(text: TextSpec) -> str:
    return _document(
        [
            ("title", text.title),
            ("slug", text.slug),
            ("tags", text.tags),
            ("status", text.status),
            ("source_version", text.version),
            ("machine_translated", True if text.machine_translated else None),
            ("machine_units", text.machine_units or None),
        ],
        text.body,
    )


def render_files(bundle: Bundle) -> dict[str, str]:
    """Every file of the folder, by relative path."""
    files: dict[str, str] = {WORKSPACE_FILE: workspace_toml(bundle)}
    if bundle.glossary:
        files[GLOSSARY_FILE] = glossary_yaml(bundle.glossary)
    for snip in bundle.snippets:
        pairs: list[tuple[str, Any]] = [("title", snip.title), ("status", snip.status)]
        files[f"snippets/{snip.id}/{snip.locale}.md"] = _document(pairs, snip.body)
    category_of = {s.id: c.id for c in bundle.categories for s in c.sections}
    for art in bundle.articles:
        base = f"articles/{art.id}"
        if art.source is not None:
            section_path = f"{category_of.get(art.section, '')}/{art.section}"
            files[f"{base}/{art.source.locale}.md"] = source_document(art, art.source, section_path)
        for text in art.translations:
            files[f"{base}/{text.locale}.md"] = translation_document(text)
        for version, (title, body) in sorted(art.history.items()):
            pairs = [("title", title), ("version", version)]
            files[f"{base}/history/{bundle.source_locale}.v{version}.md"] = _document(pairs, body)
    return files


def write_folder(bundle: Bundle, root: Path) -> list[str]:
    """Write the bundle under *root*; return the relative paths written."""
    files = render_files(bundle)
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    return sorted(files)

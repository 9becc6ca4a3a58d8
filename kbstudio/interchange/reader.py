"""Read a folder in the KB Studio format (kb.toml, articles/, snippets/, glossary.yaml)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml

from kbstudio.domain.errors import ValidationError
from kbstudio.domain.ids import check_id
from kbstudio.domain.locales import check_locale
from kbstudio.domain.variables import Variable
from kbstudio.interchange.bundle import (
    ArticleSpec,
    Bundle,
    CategorySpec,
    RenderingSpec,
    SectionSpec,
    SnippetSpec,
    TermSpec,
    TextSpec,
    UserSpec,
)
from kbstudio.interchange.fields import SOURCE_FIELDS, TRANSLATION_FIELDS, Fields
from kbstudio.interchange.textfile import read_text, split_front_matter

if TYPE_CHECKING:
    from pathlib import Path

WORKSPACE_FILE = "kb.toml"
GLOSSARY_FILE = "glossary.yaml"
_HISTORY_RE = re.compile(r"^(?P<locale>[A-Za-z0-9-]+)\.v(?P<version>[1-9][0-9]*)\.md$")


@dataclass
class ReadResult:
    bundle: Bundle
    errors: list[ValidationError] = field(default_factory=list)


def read_folder(root: Path) -> ReadResult:
    """Read *root*; a bad file becomes an error and the rest is still read."""
    result = ReadResult(Bundle())
    try:
        _read_workspace(root, result)
    except ValidationError as exc:
        # Without workspace settings nothing else can be checked: this one is fatal.
        exc.file = exc.file or WORKSPACE_FILE
        raise
    locales = set(result.bundle.locales)
    _read_glossary(root, result)
    _read_snippets(root, result, locales)
    _read_articles(root, result, locales)
    return result


def _shown(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _read_workspace(root: Path, result: ReadResult) -> None:
    path = root / WORKSPACE_FILE
    try:
        data = tomllib.loads(read_text(path, shown=WORKSPACE_FILE))
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        raise ValidationError("bad-toml", str(exc), file=WORKSPACE_FILE, line=line) from None
    bundle = result.bundle
    bundle.name = _require_str(data, "name", WORKSPACE_FILE)
    bundle.source_locale = check_locale(data.get("source_locale", "en"), field="source_locale")
    locales = data.get("locales", [bundle.source_locale])
    if not isinstance(locales, list):
        raise ValidationError(
            "bad-field", "locales must be a list", WORKSPACE_FILE, field="locales"
        )
    bundle.locales = [check_locale(loc, field="locales") for loc in locales]
    if bundle.source_locale not in bundle.locales:
        bundle.locales.insert(0, bundle.source_locale)
    for cat in data.get("categories", []):
        spec = CategorySpec(
            check_id(cat.get("id"), field="categories.id"), _names(cat, WORKSPACE_FILE)
        )
        for sec in cat.get("sections", []):
            sid = check_id(sec.get("id"), field="categories.sections.id")
            spec.sections.append(SectionSpec(sid, _names(sec, WORKSPACE_FILE)))
        bundle.categories.append(spec)
    for i, var in enumerate(data.get("variables", [])):
        bundle.variables.append(_variable(var, i))
    for user in data.get("users", []):
        bundle.users.append(
            UserSpec(
                name=check_id(user.get("name"), field="users.name"),
                display=str(user.get("display", "")),
                roles=[str(r) for r in user.get("roles", [])],
                locales=[
                    check_locale(loc, field="users.locales") for loc in user.get("locales", [])
                ],
            )
        )


def _variable(entry: Any, index: int) -> Variable:
    where = f"variables[{index}]"
    if not isinstance(entry, dict):
        raise ValidationError("bad-field", f"{where} must be a table", field=where)
    name = check_id(entry.get("name"), field=f"{where}.name")
    terms = entry.get("terms", {})
    if not isinstance(terms, dict):
        raise ValidationError("bad-field", f"{name}: terms must be a table", field=f"{where}.terms")
    parsed: dict[str, list[str]] = {}
    for locale, words in terms.items():
        words = [words] if isinstance(words, str) else words
        parsed[check_locale(locale, field=f"{where}.terms")] = [str(w) for w in words]
    return Variable(
        name=name,
        kind=str(entry.get("kind", "number")),
        value=str(entry.get("value", "")),
        unit=str(entry.get("unit", "")),
        terms=parsed,
    )


def _require_str(data: dict[str, Any], key: str, shown: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValidationError("missing-field", f"missing {key}", file=shown, field=key)
    return value.strip()


def _names(entry: dict[str, Any], shown: str) -> dict[str, str]:
    names = entry.get("name", {})
    if isinstance(names, str):
        names = {"en": names}
    if not isinstance(names, dict) or not names:
        raise ValidationError("missing-field", "missing name", file=shown, field="name")
    return {check_locale(k, field="name"): str(v) for k, v in names.items()}


def _read_glossary(root: Path, result: ReadResult) -> None:
    path = root / GLOSSARY_FILE
    if not path.exists():
        return
    try:
        data = yaml.safe_load(read_text(path, shown=GLOSSARY_FILE)) or {}
    except ValidationError as exc:
        result.errors.append(exc)
        return
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        result.errors.append(
            ValidationError(
                "bad-yaml",
                f"not valid YAML: {getattr(exc, 'problem', exc)}",
                file=GLOSSARY_FILE,
                line=mark.line + 1 if mark else None,
            )
        )
        return
    seen: set[str] = set()
    for i, entry in enumerate(data.get("terms", []) if isinstance(data, dict) else []):
        try:
            term = _term(entry, i)
        except ValidationError as exc:
            exc.file = GLOSSARY_FILE
            result.errors.append(exc)
            continue
        if term.id in seen:
            result.errors.append(
                ValidationError("duplicate", f"term {term.id!r} appears twice", GLOSSARY_FILE)
            )
            continue
        seen.add(term.id)
        result.bundle.glossary.append(term)


def _term(entry: Any, index: int) -> TermSpec:
    if not isinstance(entry, dict):
        raise ValidationError("bad-field", f"term #{index + 1} is not a mapping", field="terms")
    tid = check_id(entry.get("id"), field=f"terms[{index}].id")
    renderings: dict[str, RenderingSpec] = {}
    for key, value in entry.items():
        if key in ("id", "dnt"):
            continue
        locale = check_locale(key, field=f"{tid}.{key}")
        if not isinstance(value, dict):
            raise ValidationError("bad-field", f"{tid}.{key} must be a mapping", field=key)
        renderings[locale] = RenderingSpec(
            term=str(value.get("term", "") or ""),
            variants=[str(v) for v in value.get("variants", []) or []],
            forbidden=[str(v) for v in value.get("forbidden", []) or []],
            definition=str(value.get("definition", "") or "").strip(),
        )
    return TermSpec(tid, bool(entry.get("dnt", False)), renderings)


def _locale_of(path: Path, locales: set[str], shown: str) -> str:
    tag = path.stem
    check = check_locale(tag, field="file name")
    if check not in locales:
        raise ValidationError(
            "unknown-locale",
            f"locale {tag!r} is not enabled in {WORKSPACE_FILE} ({', '.join(sorted(locales))})",
            file=shown,
        )
    return check


def _read_snippets(root: Path, result: ReadResult, locales: set[str]) -> None:
    folder = root / "snippets"
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*/*.md")):
        shown = _shown(root, path)
        try:
            sid = check_id(path.parent.name, field="snippet folder")
            locale = _locale_of(path, locales, shown)
            doc = split_front_matter(read_text(path, shown=shown), shown=shown)
            fields = Fields(doc, shown)
            fields.only({"title", "status"})
            title = fields.text("title", required=True) or ""
            result.bundle.snippets.append(
                SnippetSpec(sid, locale, title, doc.body, fields.status(), shown)
            )
        except ValidationError as exc:
            exc.file = exc.file or shown
            result.errors.append(exc)


def _read_articles(root: Path, result: ReadResult, locales: set[str]) -> None:
    folder = root / "articles"
    if not folder.is_dir():
        return
    source_locale = result.bundle.source_locale
    sections = {s.id for c in result.bundle.categories for s in c.sections}
    slugs: dict[tuple[str, str], str] = {}
    for art_dir in sorted(p for p in folder.iterdir() if p.is_dir()):
        shown_dir = _shown(root, art_dir)
        try:
            aid = check_id(art_dir.name, field="article folder")
        except ValidationError as exc:
            exc.file = shown_dir
            result.errors.append(exc)
            continue
        spec = _read_article(root, art_dir, aid, source_locale, locales, sections, result)
        if spec is None:
            continue
        for text in [spec.source, *spec.translations]:
            if text is None:
                continue
            key = (text.locale, text.slug)
            if key in slugs:
                result.errors.append(
                    ValidationError(
                        "duplicate-slug",
                        f"slug {text.slug!r} is already used in {text.locale} by {slugs[key]}",
                        file=text.path,
                        field="slug",
                    )
                )
                if text is spec.source:
                    spec.source = None
                else:
                    spec.translations.remove(text)
                continue
            slugs[key] = text.path
        if spec.source is not None or spec.translations:
            result.bundle.articles.append(spec)


def _read_article(
    root: Path,
    art_dir: Path,
    aid: str,
    source_locale: str,
    locales: set[str],
    sections: set[str],
    result: ReadResult,
) -> ArticleSpec | None:
    src_path = art_dir / f"{source_locale}.md"
    spec: ArticleSpec | None = None
    src_shown = _shown(root, src_path)
    if src_path.exists():
        try:
            spec = _read_source(src_path, src_shown, aid, sections)
        except ValidationError as exc:
            exc.file = exc.file or src_shown
            result.errors.append(exc)
    if spec is None:
        # Translations can still be imported onto an article the database already has.
        spec = ArticleSpec(aid, section="", type="")
    for path in sorted(art_dir.glob("*.md")):
        if path == src_path:
            continue
        shown = _shown(root, path)
        try:
            locale = _locale_of(path, locales, shown)
            spec.translations.append(_read_translation(path, shown, locale))
        except ValidationError as exc:
            exc.file = exc.file or shown
            result.errors.append(exc)
    history = art_dir / "history"
    if history.is_dir():
        for path in sorted(history.glob("*.md")):
            shown = _shown(root, path)
            match = _HISTORY_RE.match(path.name)
            if not match or match["locale"] != source_locale:
                result.errors.append(
                    ValidationError(
                        "bad-name", f"history files are named {source_locale}.vN.md", shown
                    )
                )
                continue
            try:
                doc = split_front_matter(read_text(path, shown=shown), shown=shown)
                fields = Fields(doc, shown)
                fields.only({"title", "version"})
                title = fields.text("title", required=True) or ""
                spec.history[int(match["version"])] = (title, doc.body)
            except ValidationError as exc:
                exc.file = exc.file or shown
                result.errors.append(exc)
    return spec


def _read_source(path: Path, shown: str, aid: str, sections: set[str]) -> ArticleSpec:
    doc = split_front_matter(read_text(path, shown=shown), shown=shown)
    f = Fields(doc, shown)
    f.only(SOURCE_FIELDS)
    title = f.text("title", required=True) or ""
    section_path = f.text("section", required=True) or ""
    section = section_path.rsplit("/", 1)[-1]
    if section not in sections:
        raise f.fail("section", f"unknown section {section_path!r} (not in {WORKSPACE_FILE})")
    text = _text_spec(f, path.stem, title, version_field="version")
    owner = f.text("owner")
    return ArticleSpec(
        id=aid,
        section=section,
        type=f.article_type(),
        position=f.integer("position", 0),
        owner=owner,
        review_by=f.date("review_by"),
        visibility=f.visibility(),
        ends_at=f.moment("ends"),
        source=text,
    )


def _read_translation(path: Path, shown: str, locale: str) -> TextSpec:
    doc = split_front_matter(read_text(path, shown=shown), shown=shown)
    f = Fields(doc, shown)
    f.only(TRANSLATION_FIELDS)
    title = f.text("title", required=True) or ""
    spec = _text_spec(f, locale, title, version_field="source_version")
    spec.machine_translated = f.flag("machine_translated")
    spec.machine_units = f.hashes("machine_units")
    return spec


def _text_spec(f: Fields, locale: str, title: str, *, version_field: str) -> TextSpec:
    return TextSpec(
        locale=locale,
        title=title,
        slug=f.slug(title),
        body=f.doc.body,
        tags=f.strings("tags"),
        status=f.status(),
        path=f.shown,
        version=f.integer(version_field, 1, minimum=1),
        lines=f.lines(),
    )

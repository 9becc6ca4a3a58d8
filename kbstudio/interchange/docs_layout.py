"""Read a plain docs folder in the MkDocs/Docusaurus i18n layout: <locale>/<path>.md.

Translations are matched by path; the first folder level becomes the category and the
second the section. Relative links between pages become kb: links.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from pathlib import Path

from kbstudio.domain.errors import ValidationError
from kbstudio.domain.ids import check_slug, slugify
from kbstudio.domain.locales import check_locale
from kbstudio.interchange.bundle import ArticleSpec, Bundle, CategorySpec, SectionSpec, TextSpec
from kbstudio.interchange.fields import Fields
from kbstudio.interchange.reader import ReadResult
from kbstudio.interchange.textfile import read_text, split_front_matter

GENERAL = "general"
_H1_RE = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)
_LINK_RE = re.compile(r"\]\((?!https?:|mailto:|kb:|#|/)([^)\s#]+\.md)(#[^)\s]*)?\)")


def locale_folders(root: Path) -> list[str]:
    """The top-level folders of *root* that are locale tags holding Markdown."""
    found = []
    for child in sorted(root.iterdir()):
        if not child.is_dir() or not any(child.rglob("*.md")):
            continue
        try:
            found.append(check_locale(child.name))
        except ValidationError:
            continue
    return found


def _id_for(rel: str) -> str:
    stem = rel.removesuffix(".md").removesuffix("/index")
    candidate = slugify(stem.replace("/", " "))
    if candidate.isascii() and re.fullmatch(r"[a-z0-9][a-z0-9-]{0,63}", candidate):
        return candidate
    return "doc-" + hashlib.sha1(rel.encode()).hexdigest()[:10]


def _group(rel: str) -> tuple[str, str]:
    parts = rel.split("/")[:-1]
    category = parts[0] if parts else GENERAL
    section = parts[1] if len(parts) > 1 else category
    return category, section


def _readable(name: str) -> str:
    return name.replace("-", " ").replace("_", " ").strip().capitalize() or name


def read_docs(root: Path, *, source_locale: str | None) -> ReadResult:
    """Read a docs folder; *source_locale* defaults to 'en' if present, else the first."""
    locales = locale_folders(root)
    if not locales:
        raise ValidationError(
            "no-locales", "no <locale>/ folders with Markdown found", file=str(root)
        )
    source = source_locale or ("en" if "en" in locales else locales[0])
    if source not in locales:
        raise ValidationError(
            "unknown-locale", f"no {source}/ folder for the source locale", file=str(root)
        )
    bundle = Bundle(
        name=root.resolve().name,
        source_locale=source,
        locales=[source, *(loc for loc in locales if loc != source)],
        has_settings=False,
    )
    result = ReadResult(bundle)
    src_root = root / source
    ids = {p.relative_to(src_root).as_posix(): "" for p in sorted(src_root.rglob("*.md"))}
    for rel in ids:
        ids[rel] = _id_for(rel)
    categories: dict[str, CategorySpec] = {}
    for rel, aid in ids.items():
        cat_id, sec_id = (_safe_id(x) for x in _group(rel))
        cat = categories.setdefault(cat_id, CategorySpec(cat_id, {source: _readable(cat_id)}))
        sec_key = sec_id if sec_id != cat_id else cat_id
        if not any(s.id == sec_key for s in cat.sections):
            cat.sections.append(SectionSpec(sec_key, {source: _readable(sec_key)}))
        art = ArticleSpec(aid, section=sec_key, type="guide", position=0)
        for locale in bundle.locales:
            path = root / locale / rel
            if not path.exists():
                continue
            shown = f"{locale}/{rel}"
            try:
                text = _read_page(path, shown, locale, rel, ids)
            except ValidationError as exc:
                exc.file = exc.file or shown
                result.errors.append(exc)
                continue
            if locale == source:
                art.source = text
            else:
                art.translations.append(text)
        bundle.articles.append(art)
    _orphans(root, bundle, ids, result)
    bundle.categories = list(categories.values())
    return result


def _safe_id(name: str) -> str:
    candidate = slugify(name)
    if candidate.isascii() and re.fullmatch(r"[a-z0-9][a-z0-9-]{0,63}", candidate):
        return candidate
    return "s-" + hashlib.sha1(name.encode()).hexdigest()[:8]


def _orphans(root: Path, bundle: Bundle, ids: dict[str, str], result: ReadResult) -> None:
    for locale in bundle.locales[1:]:
        for path in sorted((root / locale).rglob("*.md")):
            rel = path.relative_to(root / locale).as_posix()
            if rel not in ids:
                result.errors.append(
                    ValidationError(
                        "no-source",
                        f"no {bundle.source_locale}/{rel} to translate from",
                        file=f"{locale}/{rel}",
                    )
                )


def _read_page(path: Path, shown: str, locale: str, rel: str, ids: dict[str, str]) -> TextSpec:
    doc = split_front_matter(read_text(path, shown=shown), shown=shown, required=False)
    fields = Fields(doc, shown)
    title = fields.text("title")
    body = doc.body
    if title is None:
        match = _H1_RE.search(body)
        if match:
            title = match.group(1).strip()
            body = (body[: match.start()] + body[match.end() :]).strip("\n") + "\n"
        else:
            title = _readable(Path(rel).stem)
    raw_slug = doc.meta.get("slug")
    slug = check_slug(raw_slug, field="slug") if raw_slug else ids[rel]
    return TextSpec(
        locale=locale,
        title=title,
        slug=slug,
        body=_rewrite_links(body, rel, ids),
        tags=fields.strings("tags"),
        status="published",
        path=shown,
        version=1,
    )


def _rewrite_links(body: str, rel: str, ids: dict[str, str]) -> str:
    here = posixpath.dirname(rel)

    def swap(match: re.Match[str]) -> str:
        target = posixpath.normpath(posixpath.join(here, match.group(1)))
        aid = ids.get(target)
        if aid is None:
            return match.group(0)
        return f"](kb:{aid}{match.group(2) or ''})"

    return _LINK_RE.sub(swap, body)

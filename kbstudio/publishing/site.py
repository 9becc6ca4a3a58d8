"""The structure of the site: URLs, link resolution with fallbacks, navigation lookups.

Every page lives under its locale: ``<locale>/index.html``, ``<locale>/categories/<id>.html``,
``<locale>/sections/<id>.html``, ``<locale>/articles/<slug>.html``, ``<locale>/glossary.html``,
``<locale>/search.html``; links between pages are relative, so the site works from any
folder, any host path and from file://.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from babel import Locale

from kbstudio.domain.errors import ValidationError
from kbstudio.domain.ids import check_id, check_slug
from kbstudio.publishing.render import anchors_of, expand_snippets

if TYPE_CHECKING:
    from kbstudio.publishing.model import SiteArticle, SiteInput


def article_path(a: SiteArticle) -> str:
    return f"{a.locale}/articles/{a.slug}.html"


def language_name(locale: str) -> str:
    loc = Locale.parse(locale.replace("-", "_"))
    return str(loc.get_display_name(loc) or locale)


@dataclass
class LinkReport:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class SiteMap:
    """Which texts exist where, their anchors, and the URL of each."""

    def __init__(self, site: SiteInput, facts: dict[str, Any] | None = None) -> None:
        self.site = site
        # What each body holds that other pages depend on (see _facts), by body digest:
        # the previous build's, and this build's (handed to the next one).
        self._old_facts = facts or {}
        self.facts: dict[str, Any] = {}
        self._digests: dict[tuple[str, str], str] = {}
        self.by_locale: dict[str, list[SiteArticle]] = {loc: [] for loc in site.locales}
        self.locales_of: dict[str, list[str]] = {}
        order = {loc: i for i, loc in enumerate(site.locales)}
        for key in sorted(site.articles, key=lambda k: (k[0], order.get(k[1], 99))):
            a = site.articles[key]
            self.by_locale.setdefault(a.locale, []).append(a)
            self.locales_of.setdefault(a.id, []).append(a.locale)
        self.sections = {s.id: s for c in site.categories for s in c.sections}
        self.categories = {c.id: c for c in site.categories}
        self._anchors: dict[tuple[str, str], set[str]] = {}
        self._check_paths()

    def _check_paths(self) -> None:
        """Ids and slugs become file names: refuse any that could leave OUT or collide."""
        for c in self.site.categories:
            check_id(c.id, field="category")
            for s in c.sections:
                check_id(s.id, field="section")
        seen: dict[tuple[str, str], str] = {}
        for a in self.site.articles.values():
            check_id(a.id, field="article")
            try:
                check_slug(a.slug)
            except ValidationError as exc:
                raise ValidationError(
                    "unsafe-slug", f"{a.id} ({a.locale}): {exc.message}", field="slug"
                ) from None
            other = seen.setdefault((a.locale, a.slug), a.id)
            if other != a.id:
                raise ValidationError(
                    "duplicate-slug",
                    f"{a.id} and {other} share the slug {a.slug!r} in {a.locale}",
                    field="slug",
                )

    def body_digest(self, a: SiteArticle) -> str:
        key = (a.id, a.locale)
        found = self._digests.get(key)
        if found is None:
            found = self._digests[key] = hashlib.sha256(a.body.encode("utf-8")).hexdigest()
        return found

    def _facts(self, a: SiteArticle) -> tuple[list[str], list[str] | None]:
        """The kb: link targets of *a*'s body, and its heading anchors (None when it
        includes snippets: then they decide). Taken from the last build when the body is
        the same: finding them in every body was most of an incremental build's work."""
        key = self.body_digest(a)
        found = self.facts.get(key) or self._old_facts.get(key)
        if not (
            isinstance(found, list)
            and len(found) == 2
            and isinstance(found[0], list)
            and (found[1] is None or isinstance(found[1], list))
        ):
            links = sorted(set(_KB_LINK.findall(a.body))) if "(kb:" in a.body else []
            anchors = None if "{{" in a.body else sorted(anchors_of(a.body))
            found = [links, anchors]
        self.facts[key] = found
        return found[0], found[1]

    def anchors(self, article_id: str, locale: str) -> set[str]:
        key = (article_id, locale)
        if key not in self._anchors:
            a = self.site.articles[key]
            known = self._facts(a)[1]
            if known is None:
                src, snippets = self.site.source_locale, self.site.snippets
                known = sorted(anchors_of(expand_snippets(a.body, locale, src, snippets)))
            self._anchors[key] = set(known)
        return self._anchors[key]

    def resolver(self, locale: str, where: str, root: str, report: LinkReport):  # type: ignore[no-untyped-def]
        """A kb: link resolver for a page of *locale* (named *where* in messages)."""
        source = self.site.source_locale

        def resolve(target: str, anchor: str | None) -> tuple[str, str | None]:
            here = self.site.articles.get((target, locale))
            problem = None
            if here is None:
                here = self.site.articles.get((target, source))
                if here is None:
                    msg = f"{where}: links to {target}, which is not published"
                    report.errors.append(msg)
                    return "#", msg
                problem = f"{where}: links to {target}, not published in {locale}; using {source}"
                report.warnings.append(problem)
            if anchor and anchor not in self.anchors(here.id, here.locale):
                msg = (
                    f"{where}: links to {target}#{anchor}, but {target} ({here.locale})"
                    " has no such anchor"
                )
                report.errors.append(msg)
                return root + article_path(here), msg
            return root + article_path(here) + (f"#{anchor}" if anchor else ""), problem

        return resolve

    def linked_anchors(self, a: SiteArticle) -> list[str]:
        """What an article's links depend on: each target's locale and anchors."""
        out = []
        for target in self._facts(a)[0]:
            here = self.site.articles.get((target, a.locale)) or self.site.articles.get(
                (target, self.site.source_locale)
            )
            if here is None:
                out.append(f"{target}:missing")
            else:
                anchors = sorted(self.anchors(here.id, here.locale))
                out.append(f"{target}:{here.locale}:{here.slug}:{anchors}")
        return out


_KB_LINK = re.compile(r"\(kb:([a-z0-9][a-z0-9-]*)")


def digest(*parts: object) -> str:
    data = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()

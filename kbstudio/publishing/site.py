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
    from collections.abc import Callable, Iterable

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

    def __init__(
        self,
        site: SiteInput,
        facts: OldFacts | dict[str, Any] | None = None,
        *,
        check: Iterable[tuple[str, str]] | None = None,
    ) -> None:
        self.site = site
        # What each text holds that other pages depend on (see _facts), by text_hash:
        # the previous build's, and this build's (handed to the next one).
        self._old_facts = facts if isinstance(facts, OldFacts) else OldFacts.of(facts or {})
        self.facts: dict[str, tuple[list[str], list[str] | None]] = {}
        self._keys: dict[tuple[str, str], str] = {}
        self._text_facts: dict[tuple[str, str], tuple[list[str], list[str] | None]] = {}
        self._links: dict[tuple[str, str], str] = {}
        self._snippet_keys: dict[str, str] = {}  # locale -> digest of its snippets
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
        self._check_paths(
            site.articles.values() if check is None else [site.articles[k] for k in check]
        )

    def _check_paths(self, articles: Iterable[SiteArticle]) -> None:
        """Ids and slugs become file names: refuse any that could leave OUT or collide."""
        for c in self.site.categories:
            check_id(c.id, field="category")
            for s in c.sections:
                check_id(s.id, field="section")
        seen: dict[tuple[str, str], str] = {}
        for a in articles:
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
        """Names the text's content (title and body): SiteInput.text_key, remembered."""
        key = (a.id, a.locale)
        found = self._keys.get(key)
        if found is None:
            found = self._keys[key] = self.site.text_key(a)
        return found

    def missing_facts(self) -> list[tuple[str, str]]:
        """Texts whose facts the last build did not leave: their bodies must be read."""
        return [
            key
            for key, a in self.site.articles.items()
            if a.body is None and self.body_digest(a) not in self._old_facts
        ]

    def _facts(self, a: SiteArticle) -> tuple[list[str], list[str] | None]:
        """The kb: link targets of *a*'s body, and its heading anchors (None when it
        includes snippets: then they decide). Taken from the last build when the text is
        the same: reading and scanning every body was most of an incremental build."""
        found = self._text_facts.get((a.id, a.locale))
        if found is not None:
            return found
        key = self.body_digest(a)
        found = self.facts.get(key) or self._old_facts.get(key)
        if found is None:
            body = self.site.body(a)
            links = sorted(set(_KB_LINK.findall(body))) if "(kb:" in body else []
            anchors = None if "{{" in body else sorted(anchors_of(body))
            found = (links, anchors)
        self.facts[key] = self._text_facts[(a.id, a.locale)] = found
        return found

    def known_facts(self, key: str) -> tuple[list[str], list[str] | None] | None:
        """The facts of the text *key* (its text_hash), if this build or the last found them."""
        return self.facts.get(key) or self._old_facts.get(key)

    def anchor_facts(self, a: SiteArticle) -> list[str] | None:
        """The text's heading anchors (None when it includes snippets)."""
        return self._facts(a)[1]

    def link_targets(self, a: SiteArticle) -> list[str]:
        """The articles the text's kb: links go to."""
        return self._facts(a)[0]

    def uses_snippets(self, a: SiteArticle) -> bool:
        return self._facts(a)[1] is None

    def anchors(self, article_id: str, locale: str) -> set[str]:
        key = (article_id, locale)
        if key not in self._anchors:
            a = self.site.articles[key]
            known = self._facts(a)[1]
            if known is None:
                known = self._expanded_anchors(a)
            self._anchors[key] = set(known)
        return self._anchors[key]

    def _expanded_anchors(self, a: SiteArticle) -> list[str]:
        """The anchors of a text that includes snippets: found in the expanded body, and
        kept among the facts under the text and the snippets it may include."""
        src, snippets = self.site.source_locale, self.site.snippets
        if a.locale not in self._snippet_keys:
            self._snippet_keys[a.locale] = digest(
                sorted((k, v) for k, v in snippets.items() if k[1] in (a.locale, src))
            )
        key = f"{self.body_digest(a)}@{a.locale}@{self._snippet_keys[a.locale]}"
        found = self.facts.get(key) or self._old_facts.get(key)
        if found is None or found[1] is None:
            body = expand_snippets(self.site.body(a), a.locale, src, snippets)
            found = ([], sorted(anchors_of(body)))
        self.facts[key] = found
        return found[1] or []

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
        return [self._link_facts(target, a.locale) for target in self._facts(a)[0]]

    def _link_facts(self, target: str, locale: str) -> str:
        """Where a link from *locale* to *target* goes, and the anchors there (made once
        per target and locale: popular articles are linked from thousands of pages)."""
        found = self._links.get((target, locale))
        if found is None:
            here = self.site.articles.get((target, locale)) or self.site.articles.get(
                (target, self.site.source_locale)
            )
            if here is None:
                found = f"{target}:missing"
            else:
                # The facts' anchors are sorted already: no set to make and sort again.
                anchors = self._facts(here)[1]
                if anchors is None:
                    anchors = sorted(self.anchors(here.id, here.locale))
                found = f"{target}:{here.locale}:{here.slug}:{anchors}"
            self._links[(target, locale)] = found
        return found


Fact = tuple[list[str], list[str] | None]  # kb: link targets, heading anchors (or None)
SHARDS = "0123456789abcdef"  # facts are kept by the first hex digit of their key


def shard_of(key: str) -> str:
    return key[:1] if key[:1] in SHARDS else "0"


class OldFacts:
    """The last build's facts, read a shard at a time (*read* gives a shard's dict, or
    None): an incremental build asks for a few texts' facts, not 30,000."""

    def __init__(self, read: Callable[[str], Any] | None = None) -> None:
        self._read = read
        self.shards: dict[str, dict[str, Fact]] = {}

    @classmethod
    def of(cls, facts: dict[str, Any]) -> OldFacts:
        old = cls()
        for key, found in _valid_facts(facts).items():
            old.shards.setdefault(shard_of(key), {})[key] = found
        return old

    def shard(self, name: str) -> dict[str, Fact]:
        found = self.shards.get(name)
        if found is None:
            raw = self._read(name) if self._read is not None else None
            found = self.shards[name] = _valid_facts(raw if isinstance(raw, dict) else {})
        return found

    def get(self, key: str) -> Fact | None:
        return self.shard(shard_of(key)).get(key)

    def __contains__(self, key: str) -> bool:
        return key in self.shard(shard_of(key))


def _valid_facts(facts: dict[str, Any]) -> dict[str, Fact]:
    """The entries of a state file's facts that have the right shape (checked once here,
    not at every lookup); the rest are found again in the bodies."""
    out = {}
    for key, found in facts.items():
        if (
            isinstance(found, list)
            and len(found) == 2
            and isinstance(found[0], list)
            and (found[1] is None or isinstance(found[1], list))
        ):
            out[key] = (found[0], found[1])
    return out


_KB_LINK = re.compile(r"\(kb:([a-z0-9][a-z0-9-]*)")


def digest(*parts: object) -> str:
    data = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()

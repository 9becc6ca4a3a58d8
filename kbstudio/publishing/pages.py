"""Every page of the site as a job: its path, a fingerprint of its inputs, and how to render it.

The builder renders a job only when its fingerprint differs from the last build's, so a
fingerprint must cover everything the page shows: the theme, the site's structure (titles,
slugs, categories: navigation shows them) and the page's own content.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from babel.dates import format_date
from markupsafe import Markup

from kbstudio.domain.model import ArticleType
from kbstudio.publishing import theme
from kbstudio.publishing.render import RenderContext, render_markdown
from kbstudio.publishing.sanitize import CSP
from kbstudio.publishing.site import (
    LinkReport,
    OldFacts,
    SiteMap,
    article_path,
    digest,
    language_name,
)

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Iterable

    from kbstudio.publishing.model import SiteArticle, SiteInput

RELATED = 5


@dataclass
class PageJob:
    path: str
    inputs: str  # fingerprint
    render: Callable[[], bytes]
    text: tuple[str, str] | None = None  # the (article, locale) an article page shows


def _name(names: dict[str, str], locale: str, source: str) -> str:
    return names.get(locale) or names.get(source) or next(iter(names.values()), "")


def structure_digest(site: SiteInput) -> str:
    """What navigation shows on every page: the theme, the site's settings, categories, and
    every text's id, locale, slug, title, type, section and position (STRUCTURE)."""
    return digest(*site_settings(site), sorted(structure_fields(a) for a in site.articles.values()))


def site_settings(site: SiteInput) -> list[Any]:
    """What every page shows besides the texts: the theme, the site's settings, categories."""
    return [
        theme.fingerprint(),
        site.name,
        site.locales,
        site.source_locale,
        site.base_url,
        [(c.id, c.names, [(s.id, s.names) for s in c.sections]) for c in site.categories],
    ]


def structure_fields(a: SiteArticle) -> tuple[str, str, str, str, str, str, int]:
    return (a.id, a.locale, a.slug, a.title, a.type, a.section, a.position)


class Pages:
    """Builds the page jobs of one site."""

    def __init__(
        self,
        site: SiteInput,
        report: LinkReport,
        facts: OldFacts | dict[str, Any] | None = None,
        *,
        structure: str | None = None,
        check: Iterable[tuple[str, str]] | None = None,
    ) -> None:
        """*structure*: structure_digest(site), when the caller knows it (an incremental
        build whose changes left it as it was); *check*: the only texts whose ids and
        slugs need checking (the others passed in the build that made the current site).
        """
        self.site = site
        self.map = SiteMap(site, facts, check=check)
        self.report = report
        self.external: set[str] = set()
        self._sections: dict[tuple[str, str], list[SiteArticle]] | None = None
        self._feeds: dict[str, bool] = {}  # locale -> has announcements
        self.structure = structure or structure_digest(site)

    # -- shared context -----------------------------------------------------------

    def _base(self, locale: str, root: str, **extra: Any) -> dict[str, Any]:
        if locale not in self._feeds:
            self._feeds[locale] = any(
                a.type == ArticleType.ANNOUNCEMENT.value for a in self.map.by_locale[locale]
            )
        feed = self._feeds[locale]
        ctx: dict[str, Any] = {
            "locale": locale,
            "root": root,
            "site_name": self.site.name,
            "csp": CSP,
            "feed": feed,
            "alternates": [],
            "languages": [
                {"locale": loc, "name": language_name(loc), "href": f"{root}{loc}/index.html"}
                for loc in self.site.locales
            ],
        }
        ctx.update(extra)
        return ctx

    def _html(self, template: str, locale: str, ctx: dict[str, Any]) -> bytes:
        return theme.render(template, locale, ctx).encode("utf-8")

    def _crumbs(self, locale: str, root: str, section: str | None) -> list[dict[str, str]]:
        src = self.site.source_locale
        crumbs = [{"name": self.site.name, "href": f"{root}{locale}/index.html"}]
        sec = self.map.sections.get(section or "")
        if sec is not None:
            cat = self.map.categories[sec.category]
            crumbs.append(
                {
                    "name": _name(cat.names, locale, src),
                    "href": f"{root}{locale}/categories/{cat.id}.html",
                }
            )
            crumbs.append(
                {
                    "name": _name(sec.names, locale, src),
                    "href": f"{root}{locale}/sections/{sec.id}.html",
                }
            )
        return crumbs

    def _in_section(self, locale: str, section: str) -> list[SiteArticle]:
        """The section's articles in reading order (grouped once: pages ask often)."""
        if self._sections is None:
            grouped: dict[tuple[str, str], list[SiteArticle]] = {}
            for a in self.site.articles.values():
                grouped.setdefault((a.locale, a.section), []).append(a)
            for items in grouped.values():
                items.sort(key=lambda a: (a.position, a.id))
            self._sections = grouped
        return self._sections.get((locale, section), [])

    # -- jobs ---------------------------------------------------------------------

    def jobs(self, texts: set[tuple[str, str]] | None = None) -> list[PageJob]:
        """Every page's job; with *texts*, the article pages of those texts only (and
        every other page)."""
        out: list[PageJob] = []
        for locale in self.site.locales:
            out += self._locale_jobs(locale, texts)
        return out

    def _locale_jobs(self, locale: str, texts: set[tuple[str, str]] | None) -> list[PageJob]:
        src = self.site.source_locale
        fp = digest(self.structure, locale)
        # The home page lists announcements with their dates.
        announcement = ArticleType.ANNOUNCEMENT.value  # once: Enum .value is a descriptor call
        news = sorted(
            (a.id, str(a.updated_at)) for a in self.map.by_locale[locale] if a.type == announcement
        )
        jobs = [
            PageJob(f"{locale}/index.html", digest(fp, news), partial(self._home, locale)),
            PageJob(f"{locale}/search.html", fp, partial(self._search, locale)),
            PageJob(
                f"{locale}/glossary.html",
                digest(fp, [e.__dict__ for e in self.site.glossary.get(locale, [])]),
                partial(self._glossary, locale),
            ),
        ]
        for cat in self.site.categories:
            jobs.append(
                PageJob(
                    f"{locale}/categories/{cat.id}.html",
                    fp,
                    partial(self._category, locale, cat),
                )
            )
            for sec in cat.sections:
                jobs.append(
                    PageJob(
                        f"{locale}/sections/{sec.id}.html",
                        fp,
                        partial(self._section, locale, sec),
                    )
                )
        glossary = digest([e.__dict__ for e in self.site.glossary.get(locale, [])])
        variables = digest(sorted((k, v.__dict__) for k, v in self.site.variables.items()))
        # Snippets count for the texts that include one (a cheap test, then one digest).
        all_snippets = digest(
            sorted((k, v) for k, v in self.site.snippets.items() if k[1] in (locale, src))
        )
        shared = digest(self.structure, glossary, variables)  # what every page shows
        articles = self.map.by_locale[locale]
        if texts is not None:
            articles = [a for a in articles if (a.id, a.locale) in texts]
        for a in articles:
            snippets = all_snippets if self.map.uses_snippets(a) else ""
            inputs = _article_inputs(
                a, self.map.body_digest(a), shared, snippets,
                self.map.linked_anchors(a), self.map.locales_of[a.id],
            )  # fmt: skip
            jobs.append(
                PageJob(article_path(a), inputs, partial(self._article, a), (a.id, a.locale))
            )
        return jobs

    # -- pages --------------------------------------------------------------------

    def _home(self, locale: str) -> bytes:
        root, src = "../", self.site.source_locale
        cats = []
        for cat in self.site.categories:
            sections = [
                {
                    "name": _name(s.names, locale, src),
                    "href": f"sections/{s.id}.html",
                    "count": len(self._in_section(locale, s.id)),
                }
                for s in cat.sections
            ]
            cats.append(
                {
                    "name": _name(cat.names, locale, src),
                    "href": f"categories/{cat.id}.html",
                    "sections": sections,
                }
            )
        news = sorted(
            (a for a in self.map.by_locale[locale] if a.type == ArticleType.ANNOUNCEMENT.value),
            key=lambda a: (a.updated_at, a.id),
            reverse=True,
        )
        announcements = [
            {
                "title": a.title,
                "href": f"articles/{a.slug}.html",
                "iso": a.updated_at.date().isoformat(),
                "date": _date(a.updated_at, locale),
            }
            for a in news
        ]
        ctx = self._base(locale, root, categories=cats, announcements=announcements)
        return self._html("home.html", locale, ctx)

    def _search(self, locale: str) -> bytes:
        return self._html("search.html", locale, self._base(locale, "../"))

    def _glossary(self, locale: str) -> bytes:
        terms = sorted(self.site.glossary.get(locale, []), key=lambda e: (e.term.lower(), e.id))
        return self._html("glossary.html", locale, self._base(locale, "../", terms=terms))

    def _category(self, locale: str, cat: Any) -> bytes:
        root, src = "../../", self.site.source_locale
        sections = [
            {
                "id": s.id,
                "name": _name(s.names, locale, src),
                "href": f"../sections/{s.id}.html",
                "articles": [
                    {"title": a.title, "href": f"../articles/{a.slug}.html"}
                    for a in self._in_section(locale, s.id)
                ],
            }
            for s in cat.sections
        ]
        ctx = self._base(
            locale, root, name=_name(cat.names, locale, src),
            crumbs=self._crumbs(locale, root, None), sections=sections,
        )  # fmt: skip
        return self._html("category.html", locale, ctx)

    def _section(self, locale: str, sec: Any) -> bytes:
        root, src = "../../", self.site.source_locale
        crumbs = self._crumbs(locale, root, sec.id)[:-1]
        articles = [
            {"title": a.title, "href": f"../articles/{a.slug}.html"}
            for a in self._in_section(locale, sec.id)
        ]
        ctx = self._base(
            locale, root, name=_name(sec.names, locale, src), crumbs=crumbs, articles=articles
        )
        return self._html("section.html", locale, ctx)

    def _article(self, a: SiteArticle) -> bytes:
        root, src, locale = "../../", self.site.source_locale, a.locale
        report = LinkReport()
        where = f"{a.id} ({locale})"
        ctx_md = RenderContext(
            locale=locale,
            source_locale=src,
            resolve=self.map.resolver(locale, where, root, report),
            glossary_href=f"{root}{locale}/glossary.html",
            glossary=self.site.glossary.get(locale, []),
            snippets=self.site.snippets,
            variables=self.site.variables,
        )
        rendered = render_markdown(self.site.body(a), ctx_md)
        self.report.errors += report.errors
        self.report.warnings += report.warnings
        self.external.update(rendered.external_links)
        switcher = [
            {
                "locale": loc,
                "name": language_name(loc),
                "href": root + article_path(self.site.articles[(a.id, loc)]),
            }
            for loc in self.map.locales_of[a.id]
        ]
        source = self.site.articles.get((a.id, src))
        ctx = self._base(
            locale,
            root,
            article_id=a.id,
            title=a.title,
            body=Markup(rendered.html),
            updated=_date(a.updated_at, locale),
            updated_iso=a.updated_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            outdated=a.outdated,
            source_locale=src,
            source_href=root + article_path(source) if source and a.outdated else "",
            crumbs=self._crumbs(locale, root, a.section),
            related=self._related(a, root),
            languages=switcher,
            alternates=switcher,
            jsonld=_faq_jsonld(a, rendered.html) if a.type == ArticleType.FAQ.value else "",
        )
        return self._html("article.html", locale, ctx)

    def _related(self, a: SiteArticle, root: str) -> list[dict[str, str]]:
        """Others of the same section, then of the same category, in reading order."""
        sec = self.map.sections.get(a.section)
        same = [x for x in self._in_section(a.locale, a.section) if x.id != a.id]
        if sec is not None and len(same) < RELATED:
            for other in self.map.categories[sec.category].sections:
                if other.id != a.section:
                    same += self._in_section(a.locale, other.id)
        return [{"title": x.title, "href": f"{root}{article_path(x)}"} for x in same[:RELATED]]


def _article_inputs(
    a: SiteArticle,
    text_key: str,
    shared: str,
    snippets: str,
    links: list[str],
    locales: list[str],
) -> str:
    """The fingerprint of an article page: its fields and text, and what else it shows.

    Hashed directly (not through JSON): this runs for every text on every publish.
    """
    fields = (
        a.id, a.locale, a.slug, a.title, a.type, a.category, a.section, str(a.position),
        str(a.updated_at), "outdated" if a.outdated else "", "\x01".join(a.tags),
        str(a.ends_at), shared, snippets, "\x01".join(links), "\x01".join(locales), text_key,
    )  # fmt: skip
    return hashlib.sha256("\x00".join(fields).encode("utf-8")).hexdigest()


def _date(when: dt.datetime, locale: str) -> str:
    return str(format_date(when.date(), "long", locale=locale.replace("-", "_")))


def _faq_jsonld(a: SiteArticle, html: str) -> Markup:
    """schema.org FAQPage: the article's title is the question, its text the answer."""
    data = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "inLanguage": a.locale,
        "mainEntity": [
            {
                "@type": "Question",
                "name": a.title,
                "acceptedAnswer": {"@type": "Answer", "text": html},
            }
        ],
    }
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    # Inside <script>, "</" could end the element: escape the characters HTML cares about.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)

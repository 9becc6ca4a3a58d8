"""Site-wide files that are not article pages: root redirect, 404, sitemap, robots, feeds."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

from kbstudio.domain.model import ArticleType
from kbstudio.publishing import theme
from kbstudio.publishing.sanitize import CSP
from kbstudio.publishing.site import SiteMap, article_path, language_name

if TYPE_CHECKING:
    from kbstudio.publishing.model import SiteArticle, SiteInput


def _homes(site: SiteInput, root: str = "") -> list[dict[str, str]]:
    return [
        {"locale": loc, "name": language_name(loc), "href": f"{root}{loc}/index.html"}
        for loc in site.locales
    ]


def _site_root(site: SiteInput) -> str:
    """Where the site lives on its host: the 404 page is served at any depth, so its links
    must be absolute; without a base URL they stay relative (right at the top level)."""
    if not site.base_url:
        return ""
    path = urlsplit(site.base_url).path
    return path if path.endswith("/") else path + "/"


def root_files(site: SiteInput) -> dict[str, bytes]:
    src = site.source_locale
    common = {
        "site_name": site.name,
        "csp": CSP,
        "source_locale": site.source_locale,
        "locales": site.locales,
        "homes": _homes(site),
    }
    notfound = theme.render(
        "notfound.html",
        src,
        dict(
            locale=src,
            root=_site_root(site),
            site_name=site.name,
            csp=CSP,
            alternates=[],
            languages=[],
            homes=_homes(site, _site_root(site)),
        ),
    )
    return {
        "index.html": theme.render(
            "redirect.html", src, {**common, "target": "index.html"}
        ).encode(),
        "search.html": theme.render(
            "redirect.html", src, {**common, "target": "search.html"}
        ).encode(),
        "404.html": notfound.encode(),
    }


def _url(site: SiteInput, path: str) -> str:
    base = (site.base_url or "").rstrip("/")
    return f"{base}/{path}" if base else path


def robots(site: SiteInput) -> bytes:
    lines = ["User-agent: *", "Allow: /"]
    if site.base_url:
        lines.append(f"Sitemap: {_url(site, 'sitemap.xml')}")
    return ("\n".join(lines) + "\n").encode()


def sitemap(site: SiteInput, smap: SiteMap) -> bytes:
    """Every article page, each with hreflang alternates for its other locales."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        ' xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for loc in site.locales:
        out.append(f"<url><loc>{escape(_url(site, f'{loc}/index.html'))}</loc></url>")
    prefix = _sitemap_prefix(site)
    attr = quoteattr(prefix + "\x00")  # the quote character quoteattr picks for it
    quote, prefix_attr = attr[0], attr[1:-2]
    links: dict[tuple[str, str], str] = {}  # each text's alternate line, made once
    for (aid, loc), a in site.articles.items():
        links[(aid, loc)] = (
            f'<xhtml:link rel="alternate" hreflang="{loc}"'
            f" href={quote}{prefix_attr}{loc}/articles/{a.slug}.html{quote}/>"
        )
    days: dict[dt.date, str] = {}
    for loc in site.locales:
        for a in smap.by_locale[loc]:
            day = a.updated_at.date()
            iso = days.get(day) or days.setdefault(day, day.isoformat())
            out.append("<url>")
            out.append(f"<loc>{prefix}{loc}/articles/{a.slug}.html</loc>")
            out.append(f"<lastmod>{iso}</lastmod>")
            out += [links[(a.id, other)] for other in smap.locales_of[a.id]]
            out.append("</url>")
    out.append("</urlset>")
    return ("\n".join(out) + "\n").encode()


def _sitemap_prefix(site: SiteInput) -> str:
    # Slugs and locale codes are word characters and hyphens (check_slug, check_locale):
    # only the base URL needs escaping, once, not 30,000 times.
    base = (site.base_url or "").rstrip("/")
    return escape(f"{base}/") if base else ""


PATCH_AT_MOST = 50  # changed texts a sitemap is patched for; more, and it is made again


def sitemap_patch(old: bytes, site: SiteInput, changed: list[SiteArticle]) -> bytes | None:
    """sitemap() of a site that differs from the one *old* was made for only in the
    *changed* texts, whose URLs and languages are the same: their dates are all that can
    differ. None when *old* is not as expected (the caller makes it again).

    Bytes, not text: a 30,000-page sitemap is 13 MB, and decoding it and encoding it
    again cost more than the rest of the patch. A URL is there once (check_paths).
    """
    if len(changed) > PATCH_AT_MOST:
        return None
    prefix = _sitemap_prefix(site)
    for a in changed:
        marker = f"<loc>{prefix}{a.locale}/articles/{a.slug}.html</loc>\n<lastmod>".encode()
        start = old.find(marker)
        if start < 0:
            return None
        start += len(marker)
        end = old.find(b"</lastmod>", start, start + 40)
        if end < 0:
            return None
        old = old[:start] + a.updated_at.date().isoformat().encode() + old[end:]
    return old


def _stamp(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def feed(site: SiteInput, smap: SiteMap, locale: str) -> bytes | None:
    """Atom feed of the locale's announcements, newest first (None when there are none)."""
    news = sorted(
        (a for a in smap.by_locale[locale] if a.type == ArticleType.ANNOUNCEMENT.value),
        key=lambda a: (a.updated_at, a.id),
        reverse=True,
    )
    if not news:
        return None
    tag = f"tag:kbstudio,2026:{locale}"
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{escape(locale)}">',
        f"<title>{escape(site.name)} ({escape(language_name(locale))})</title>",
        f"<id>{tag}</id>",
        f"<updated>{_stamp(news[0].updated_at)}</updated>",
        f'<link rel="alternate" href={quoteattr(_url(site, f"{locale}/index.html"))}/>',
    ]
    for a in news:
        href = _url(site, article_path(a)) if site.base_url else f"articles/{a.slug}.html"
        out += [
            "<entry>",
            f"<title>{escape(a.title)}</title>",
            f"<id>{tag}:{a.id}</id>",
            f"<updated>{_stamp(a.updated_at)}</updated>",
            f'<link rel="alternate" href={quoteattr(href)}/>',
            f"<author><name>{escape(site.name)}</name></author>",
            "</entry>",
        ]
    out.append("</feed>")
    return ("\n".join(out) + "\n").encode()

"""The published site in a real browser: Debian's headless Chromium driven by Selenium.

One browser and one served folder for the module: the sample site, a site whose articles
carry XSS vectors, and a site whose rebuild gets killed.
"""

from __future__ import annotations

import dataclasses
import functools
import http.server
import os
import shutil
import signal
import subprocess
import sys
import threading
import tomllib
from typing import TYPE_CHECKING

import pytest
from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from kbstudio.publishing.builder import build_site
from kbstudio.publishing.serving import SiteHandler
from kbstudio.services.publish import collect
from tests.conftest import ROOT
from tests.publish.test_site import XSS

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from kbstudio.services.workspace import Workspace

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
DIALOG_HOOK = """
window.__dialogs = [];
['alert', 'confirm', 'prompt', 'print'].forEach(function (name) {
  window[name] = function () { window.__dialogs.push(name); };
});
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, pub_site: Path) -> Iterator[tuple[Path, str]]:
    """A folder served on 127.0.0.1, holding the sample site as /main/."""
    root = tmp_path_factory.mktemp("www")
    shutil.copytree(pub_site, root / "main")
    handler = functools.partial(SiteHandler, directory=str(root))  # as `kbstudio serve`
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must never download anything
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--lang=ja",
    ):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"intl.accept_languages": "ja,en"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_script_timeout(120)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": DIALOG_HOOK})
    yield driver
    driver.quit()


def _results(driver: webdriver.Chrome, url: str) -> list[str]:
    driver.get(url)
    WebDriverWait(driver, 30).until(
        lambda d: d.find_element(By.ID, "results").get_attribute("data-done")
    )
    assert driver.find_element(By.ID, "results").get_attribute("data-done") == "true"
    items = driver.find_elements(By.CSS_SELECTOR, "#results li[data-article-id]")
    return [str(li.get_attribute("data-article-id")) for li in items]


def _top(ws: Workspace, q: str, locale: str, n: int = 5) -> list[str]:
    hits = ws.search.search(q, locale=locale, view="published", limit=n).hits
    return [h.article_id for h in hits]


@pytest.mark.parametrize(
    ("locale", "query"),
    [("en", "withdrawal fee"), ("zh-Hans", "提现手续费"), ("ja", "出金"), ("ar", "سحب")],
)
def test_search_page_works(
    browser: webdriver.Chrome, served: tuple[Path, str], pub_ws: Workspace, locale: str, query: str
) -> None:
    _, base = served
    from urllib.parse import quote

    got = _results(browser, f"{base}/main/{locale}/search.html?q={quote(query)}")
    assert got, f"no results for {query!r} in {locale}"
    assert got == _top(pub_ws, query, locale, 10)
    link = browser.find_element(By.CSS_SELECTOR, "#results li a")
    link.click()
    WebDriverWait(browser, 10).until(lambda d: "/articles/" in d.current_url)
    assert (
        browser.find_element(By.CSS_SELECTOR, "article").get_attribute("data-article-id") == got[0]
    )
    assert browser.execute_script("return window.__dialogs") == []


TRANSFERS = """
return performance.getEntriesByType('resource')
  .filter(function (e) { return e.name.indexOf('/search/') >= 0 || /search\\.js$/.test(e.name); })
  .map(function (e) { return [e.name, e.encodedBodySize, e.decodedBodySize]; });
"""


def test_the_search_files_travel_compressed(
    browser: webdriver.Chrome, served: tuple[Path, str]
) -> None:
    """`kbstudio serve`, like static hosts, gzips the index: the browser reports fewer
    bytes transferred than it decoded, for each search file it loaded."""
    _, base = served
    assert _results(browser, f"{base}/main/ja/search.html?q=%E5%87%BA%E9%87%91")
    loaded = browser.execute_script(TRANSFERS)
    names = [name.rsplit("/", 1)[-1] for name, _, _ in loaded]
    assert "meta.js" in names
    assert any(n.startswith("t") for n in names), names
    for name, encoded, decoded in loaded:
        if decoded > 200:  # too small to shrink
            assert 0 < encoded < decoded, (name, encoded, decoded)


def _suite(locale: str) -> list[str]:
    data = tomllib.loads((ROOT / f"search_index/suites/{locale}.toml").read_text("utf-8"))
    return [q["q"] for q in data["query"]]


BATCH = """
var done = arguments[arguments.length - 1];
var html = document.documentElement;
var queries = arguments[0];
Promise.all(queries.map(function (q) {
  var root = html.getAttribute('data-root'), loc = html.getAttribute('data-locale');
  return window.KBSearch.search(root, loc, q, 5);
})).then(function (all) {
  done(all.map(function (hits) {
    return hits.map(function (h) { return h.id; });
  }));
}, function (err) { done(String(err)); });
"""


@pytest.mark.parametrize("locale", ["en", "zh-Hans", "ja", "ko"])
def test_browser_ranking_equals_published_search_over_the_suites(
    browser: webdriver.Chrome, served: tuple[Path, str], pub_ws: Workspace, locale: str
) -> None:
    _, base = served
    queries = _suite(locale)
    browser.get(f"{base}/main/{locale}/search.html")
    got = browser.execute_async_script(BATCH, queries)
    assert isinstance(got, list), got
    for q, ids in zip(queries, got, strict=True):
        assert ids == _top(pub_ws, q, locale), q
    # And the real page, for the first few queries, in rank order.
    from urllib.parse import quote

    for q in queries[:3]:
        assert _results(browser, f"{base}/main/{locale}/search.html?q={quote(q)}")[:5] == _top(
            pub_ws, q, locale
        )


def test_language_switcher(browser: webdriver.Chrome, served: tuple[Path, str]) -> None:
    _, base = served
    browser.get(f"{base}/main/en/articles/withdraw-crypto.html")
    browser.find_element(By.CSS_SELECTOR, 'nav.languages a[data-locale="zh-Hans"]').click()
    WebDriverWait(browser, 10).until(lambda d: "/zh-Hans/" in d.current_url)
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-Hans"
    assert (
        browser.find_element(By.CSS_SELECTOR, "article").get_attribute("data-article-id")
        == "withdraw-crypto"
    )


def test_root_sends_readers_to_their_language(
    browser: webdriver.Chrome, served: tuple[Path, str]
) -> None:
    _, base = served
    browser.get(f"{base}/main/index.html")
    WebDriverWait(browser, 10).until(lambda d: "/ja/" in d.current_url)
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("dir") == "ltr"
    browser.get(f"{base}/main/ar/index.html")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("dir") == "rtl"


def test_xss_vectors_never_execute(
    browser: webdriver.Chrome, served: tuple[Path, str], pub_ws: Workspace
) -> None:
    root, base = served
    site = collect(pub_ws)
    arabic = next(k for k in sorted(site.articles) if k[1] == "ar")
    targets = [("enable-2fa", "en"), ("withdraw-crypto", "zh-Hans"), arabic]
    for key in targets:
        a = site.articles[key]
        body = site.body(a) + "\n\n" + "\n\n".join(XSS)
        site.articles[key] = dataclasses.replace(
            a, body=body, title=a.title + "<img src=x onerror=alert(99)>"
        )
    build_site(site, root / "xss")
    for aid, loc in targets:
        browser.get(f"{base}/xss/{loc}/articles/{site.articles[(aid, loc)].slug}.html")
        for link in browser.find_elements(By.CSS_SELECTOR, "article a"):
            href = link.get_attribute("href") or ""
            assert not href.lower().startswith(("javascript:", "data:")), href
        assert browser.execute_script("return window.__dialogs") == []
        with pytest.raises(NoAlertPresentException):
            browser.switch_to.alert.text  # noqa: B018
    # Titles come back through search as text, never as markup.
    got = _results(browser, f"{base}/xss/en/search.html?q=two-factor")
    assert got
    assert browser.execute_script("return window.__dialogs") == []


KILLED_BUILD = """
import sys, time
from pathlib import Path
from kbstudio.services.workspace import Workspace
ws = Workspace.open(Path(sys.argv[1]))
def progress(done, total, label):
    if done == 5:
        print("building", flush=True)
    time.sleep(0.05)
ws.publish(Path(sys.argv[2]), progress=progress, base_url="https://changed.example/")
"""


def test_killed_publish_leaves_the_old_site_serving(
    browser: webdriver.Chrome, served: tuple[Path, str], pub_ws: Workspace, pub_site: Path
) -> None:
    root, base = served
    out = root / "killed"
    shutil.copytree(pub_site, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED_BUILD, str(pub_ws.config.root), str(out)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "building"
    assert (root / ".killed.building").is_dir()  # caught in the middle of the build
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    got = _results(browser, f"{base}/killed/en/search.html?q=reset%20password")
    assert got
    assert got[0] == "reset-password"


def test_search_works_from_a_folder(
    browser: webdriver.Chrome, served: tuple[Path, str], pub_ws: Workspace
) -> None:
    """Opened from file:// (no server): the index loads as scripts, so search still works."""
    root, _ = served
    url = (root / "main" / "en" / "search.html").as_uri() + "?q=reset%20password"
    assert _results(browser, url)[:5] == _top(pub_ws, "reset password", "en")

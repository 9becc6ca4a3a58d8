"""`kbstudio publish-site` and `kbstudio serve`, and the site's chrome catalogs."""

from __future__ import annotations

import gzip
import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from babel.messages.pofile import read_po

from tests.conftest import ROOT
from tests.test_cli import kb  # noqa: F401  (fixture)

if TYPE_CHECKING:
    from tests.test_cli import Run

SITE_LOCALES = ["en", "zh_Hans", "ja", "ko", "es", "ru", "ar"]


@pytest.fixture
def ws_dir(sample_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "ws"
    shutil.copytree(sample_template, target)
    return target


def test_publish_site_command(kb, ws_dir: Path, tmp_path: Path) -> None:  # noqa: F811
    out, archive = tmp_path / "site", tmp_path / "site.zip"
    args = ["--locale", "en", "--locale", "ja", "--base-url", "https://h.example/"]
    run: Run = kb("-w", str(ws_dir), "publish-site", str(out), *args, "--zip", str(archive))
    assert run.code == 0, run.err
    assert "pages written" in run.out
    assert "Rebuild by" in run.out
    assert "error: fee-discount-nvx (en): links to nvx-staking-rewards" in run.err
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["assets", "en", "ja", "search"]
    names = zipfile.ZipFile(archive).namelist()
    assert "en/index.html" in names
    assert "manifest.json" in names
    again = kb("-w", str(ws_dir), "publish-site", str(out), "-l", "en", "-l", "ja",
               "--base-url", "https://h.example/", "--format", "json")  # fmt: skip
    data = json.loads(again.out)
    assert data["pages_written"] == 0
    assert data["pages_unchanged"] > 50
    bad = kb("-w", str(ws_dir), "publish-site", str(tmp_path / "x"), "--locale", "fr")
    assert bad.code == 1
    assert "fr is not enabled" in bad.err


def test_publish_builds_the_site_or_publishes_a_text(
    kb,  # noqa: F811
    ws_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`publish OUT [--locale L ...]` (the site) and `publish SLUG --locale L` (a text) coexist."""
    monkeypatch.chdir(tmp_path)
    w = ["-w", str(ws_dir)]
    run: Run = kb(*w, "publish", str(tmp_path / "site"), "--locale", "en", "--locale", "ja")
    assert run.code == 0, run.err
    assert "pages written" in run.out
    assert (tmp_path / "site" / "ja" / "index.html").is_file()
    # One locale and a name that is no article: still the site, with a word about the name.
    typo = kb(*w, "publish", "withdrawl-fees", "--locale", "en")
    assert typo.code == 0, typo.err
    assert "No article is called 'withdrawl-fees'" in typo.err
    assert (tmp_path / "withdrawl-fees" / "en" / "index.html").is_file()
    # An article's slug with one locale is the workflow action, refused here for lack of a role.
    text = kb(*w, "--as", "mia", "publish", "withdrawal-fees", "--locale", "en")
    assert text.code == 1
    assert "only publishers may publish" in text.err
    assert not (Path.cwd() / "withdrawal-fees").exists()
    # `./NAME` is always a folder; --comment only makes sense for a text.
    folder = kb(*w, "publish", "./withdrawal-fees", "--locale", "en")
    assert folder.code == 0, folder.err
    assert (tmp_path / "withdrawal-fees" / "en" / "index.html").is_file()
    assert kb(*w, "publish", str(tmp_path / "s2"), "-m", "why").code == 2


@pytest.mark.parametrize(
    ("header", "gzip_ok"),
    [
        ("gzip, deflate, br", True),
        ("br;q=1.0, gzip;q=0.8", True),
        ("gzip;q=0", False),
        ("identity", False),
        (None, False),
        ("*", True),
    ],
)
def test_accept_encoding(header: str | None, gzip_ok: bool) -> None:
    from kbstudio.publishing.serving import accepts_gzip

    assert accepts_gzip(header) is gzip_ok


def test_serve_command(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<p>hello</p>")
    (tmp_path / "404.html").write_text("<p>not here</p>")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "kbstudio"),
            "serve",
            str(tmp_path),
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(100):
            try:
                body = urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html").read()
                break
            except OSError:
                time.sleep(0.1)
        assert body == b"<p>hello</p>"
        asked = urllib.request.Request(
            f"http://127.0.0.1:{port}/index.html", headers={"Accept-Encoding": "gzip, br"}
        )
        with urllib.request.urlopen(asked) as reply:
            assert reply.headers["Content-Encoding"] == "gzip"
            assert gzip.decompress(reply.read()) == b"<p>hello</p>"
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/nope.html")
        assert missing.value.code == 404
        assert missing.value.read() == b"<p>not here</p>"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.parametrize("lang", SITE_LOCALES[1:])
def test_site_catalogs_are_complete(lang: str) -> None:
    with (ROOT / "i18n" / lang / "LC_MESSAGES" / "site.po").open("rb") as f:
        catalog = read_po(f)
    missing = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
    assert missing == []

"""The command line end to end: real exit codes, one-line errors, never a traceback."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from tests.cli_helpers import run_main
from tests.conftest import CONTENT

if TYPE_CHECKING:
    from pathlib import Path


class Run:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err


@pytest.fixture
def kb(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    def run(*args: str) -> Run:
        return Run(*run_main([*args], capsys, monkeypatch))

    return run


@pytest.fixture
def ws_dir(sample_template: Path, tmp_path: Path) -> Path:
    import shutil

    target = tmp_path / "ws"
    shutil.copytree(sample_template, target)
    return target


def test_article_goes_from_draft_to_published_with_an_audit_trail(
    kb, ws_dir: Path, tmp_path: Path
) -> None:
    w = ["--workspace", str(ws_dir)]
    text = tmp_path / "new.md"
    text.write_text("---\ntitle: Set up 2FA\n---\nUse an authenticator app.\n", encoding="utf-8")
    assert (
        kb(
            *w,
            "--as",
            "mia",
            "edit",
            "enable-2fa",
            "--locale",
            "en",
            "--file",
            str(text),
            "--comment",
            "simpler",
            "--major",
        ).code
        == 0
    )
    assert "in_review" in kb(*w, "--as", "mia", "submit", "enable-2fa", "--locale", "en").out
    refused = kb(*w, "--as", "yuki", "approve", "enable-2fa", "--locale", "en")
    assert refused.code == 1
    assert refused.err.strip() == (
        "error: yuki cannot approve: only reviewers for en may approve source text"
    )
    approved = kb(*w, "--as", "grace", "approve", "enable-2fa", "--locale", "en", "-m", "ok")
    assert approved.code == 0
    assert "now outdated:" in approved.out
    assert "zh-Hans" in approved.out
    refused = kb(*w, "--as", "mia", "publish", "enable-2fa", "--locale", "en")
    assert (refused.code, refused.err.strip()) == (
        1,
        "error: mia cannot publish: only publishers may publish",
    )
    assert "published" in kb(*w, "--as", "sam", "publish", "enable-2fa", "--locale", "en").out
    trail = kb(*w, "audit", "--article", "enable-2fa", "--format", "json")
    events = [(e["actor"], e["action"]) for e in json.loads(trail.out) if e["action"] != "import"]
    assert events == [("mia", "edit"), ("mia", "submit"), ("grace", "approve"), ("sam", "publish")]
    rows = list(csv.DictReader(io.StringIO(kb(*w, "audit", "--format", "csv").out)))
    assert rows[-1]["actor"] == "sam"
    assert rows[-1]["entity_id"] == "enable-2fa/en"
    shown = json.loads(kb(*w, "show", "enable-2fa", "--locale", "zh-Hans", "--format", "json").out)
    assert shown["outdated"] is True


def test_usage_errors_exit_2(kb, ws_dir: Path) -> None:
    assert kb("--workspace", str(ws_dir), "frobnicate").code == 2
    assert kb("--workspace", str(ws_dir), "submit", "enable-2fa").code == 2  # no --locale
    assert kb("--workspace", str(ws_dir), "list", "--status", "lost").code == 2


def test_refused_actions_exit_1_with_one_line(kb, ws_dir: Path) -> None:
    w = ["--workspace", str(ws_dir)]
    for args, message in [
        (["show", "no-such-article"], "error: no article with id or slug 'no-such-article'"),
        (["submit", "memo-tag", "-l", "en"], "error: say who you are: pass --as USER"),
        (["--as", "nobody", "submit", "memo-tag", "-l", "en"], "error: [--as]: no user named"),
        (
            ["--as", "mia", "submit", "memo-tag", "-l", "en"],
            "error: cannot submit a translation that is published",
        ),
        (["--as", "grace", "request-changes", "websocket-streams", "-l", "en"], "needs a comment"),
        (["--as", "mia", "edit", "memo-tag", "-l", "en", "--file", "/nope.md"], "no such file"),
    ]:
        result = kb(*w, *args)
        assert result.code == 1, args
        assert len(result.err.strip().splitlines()) == 1
        assert message in result.err, (args, result.err)


def test_missing_workspace_is_a_clear_error(kb, tmp_path: Path) -> None:
    result = kb("--workspace", str(tmp_path / "none"), "list")
    assert result.code == 1
    assert "is not a KB Studio workspace" in result.err


def test_init_import_list_export(kb, tmp_path: Path) -> None:
    ws = tmp_path / "team"
    result = kb("init", str(ws), "--from", str(CONTENT))
    assert result.code == 0, result.err
    listed = json.loads(
        kb("--workspace", str(ws), "list", "--locale", "ja", "--format", "json").out
    )
    assert {row["locale"] for row in listed} == {"ja"}
    assert any(row["outdated"] for row in listed)
    assert kb("--workspace", str(ws), "export", str(tmp_path / "out")).code == 0
    assert (tmp_path / "out" / "kb.toml").exists()
    again = kb("--workspace", str(ws), "import", str(tmp_path / "out"))
    assert again.code == 0
    assert "0 created, 0 updated" in again.out


def test_import_with_a_bad_file_exits_1_and_imports_the_rest(kb, tmp_path: Path) -> None:
    import shutil

    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    bad = content / "articles" / "memo-tag" / "ja.md"
    bad.write_bytes(b"---\ntitle: \xff\n---\n")
    ws = tmp_path / "ws"
    result = kb("init", str(ws), "--from", str(content))
    assert result.code == 1
    assert "error: articles/memo-tag/ja.md:2: not valid UTF-8" in result.err
    listed = json.loads(kb("--workspace", str(ws), "list", "--format", "json").out)
    assert len({row["article_id"] for row in listed}) >= 40


def test_users_add_and_roles(kb, ws_dir: Path) -> None:
    w = ["--workspace", str(ws_dir)]
    assert kb(*w, "users", "add", "kenji", "--role", "reviewer", "--locales", "ja,ko").code == 0
    assert "kenji" in kb(*w, "users", "list").out
    bad = kb(*w, "users", "add", "x", "--role", "wizard")
    assert (bad.code, "unknown role" in bad.err) == (1, True)
    needs = kb(*w, "users", "add", "y", "--role", "translator")
    assert needs.code == 1
    assert "needs --locales" in needs.err
    forbidden = kb(*w, "--as", "mia", "users", "add", "z", "--role", "admin")
    assert forbidden.code == 1
    assert "only admins" in forbidden.err


def test_history_and_diff(kb, ws_dir: Path, tmp_path: Path) -> None:
    w = ["--workspace", str(ws_dir)]
    text = tmp_path / "t.md"
    text.write_text("Short.\n", encoding="utf-8")
    kb(*w, "--as", "mia", "edit", "memo-tag", "-l", "en", "--file", str(text), "-m", "trim")
    hist = kb(*w, "history", "memo-tag", "-l", "en")
    assert "trim" in hist.out
    assert "+Short." in kb(*w, "history", "memo-tag", "-l", "en", "--diff", "1", "2").out


def test_default_workspace_is_created_from_the_sample(kb) -> None:
    first = kb("summary")
    assert first.code == 0, first.err
    assert "Creating the default workspace" in first.err
    assert "Northvale Exchange Help Center" in first.out
    assert "zh-Hans" in first.out
    second = kb("summary")
    assert "Creating" not in second.err


def test_python_dash_m_runs(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kbstudio", "--workspace", str(tmp_path / "none"), "list"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "not a KB Studio workspace" in result.stderr
    assert "Traceback" not in result.stderr


def test_search_index_suite_and_gaps_from_the_cli(kb, ws_dir: Path, tmp_path: Path) -> None:
    w = ["--workspace", str(ws_dir)]
    built = kb(*w, "index", "--locale", "en", "--view", "working")
    assert built.code == 0
    assert "documents" in built.out
    found = kb(*w, "search", "2fa lost phone", "--locale", "en", "--explain", "--format", "json")
    data = json.loads(found.out)
    assert data["hits"][0]["article_id"] == "lost-2fa-device"
    assert data["hits"][0]["rank"] == 1
    assert {"score", "matched_terms", "fields", "snippet", "contributions"} <= set(data["hits"][0])
    plain = json.loads(kb(*w, "search", "2fa", "-l", "en", "--format", "json", "-n", "2").out)
    assert len(plain["hits"]) == 2
    assert "contributions" not in plain["hits"][0]
    text = kb(*w, "search", "withdrwal", "--locale", "en", "--published-only")
    assert "Did you mean: withdraw" in text.out
    assert kb(*w, "search", "x", "-l", "en", "--limit", "0").code == 1
    suite = kb(*w, "suite", "--locale", "en")
    assert suite.code == 0
    assert "MRR@10" in suite.out
    ranks = json.loads(kb(*w, "suite", "--article", "withdrawal-fees", "--format", "json").out)
    assert any(r["rank"] == 1 for r in ranks)
    log = tmp_path / "log.csv"
    log.write_text("query,locale,count\nqwertyzz,en,9\n", encoding="utf-8")
    assert kb(*w, "search-log", "import", str(log)).code == 0
    gaps = json.loads(kb(*w, "search-log", "gaps", "--format", "json").out)
    assert gaps[0]["query"] == "qwertyzz"
    assert gaps[0]["reason"] == "no results"


def test_a_failing_suite_exits_1(kb, ws_dir: Path) -> None:
    tuning = ws_dir / "search_index"
    (tuning / "suites").mkdir(parents=True)
    (tuning / "suites" / "en.toml").write_text(
        'view = "published"\n[thresholds]\nmrr_at_10 = 0.9\nrecall_at_3 = 0.9\n'
        '[[query]]\nq = "2fa lost phone"\nexpect = ["delisting-luma"]\n',
        encoding="utf-8",
    )
    result = kb("--workspace", str(ws_dir), "suite", "--locale", "en")
    assert result.code == 1
    assert "FAIL" in result.out


def test_check_exit_codes_json_and_report(kb, ws_dir: Path, tmp_path: Path) -> None:
    w = ["--workspace", str(ws_dir)]
    result = kb(*w, "check", "--no-search", "--format", "json")
    assert result.code == 1  # the sample has errors (expired notice, broken link...)
    data = json.loads(result.out)
    assert set(data) == {"generated", "summary", "coverage", "queues", "external_links"}
    assert data["summary"]["error"] >= 1
    first = data["queues"]["en"][0]
    assert {"kind", "severity", "locale", "article_id", "reason", "impact", "age_days"} <= set(
        first
    )
    assert first["severity"] == "error"
    zh = kb(*w, "check", "--no-search", "--locale", "zh-Hans", "--format", "json")
    assert set(json.loads(zh.out)["queues"]) == {"zh-Hans"}
    report = tmp_path / "health.html"
    text = kb(*w, "check", "--no-search", "--locale", "ko", "--report", str(report))
    assert text.code == 0  # ko has warnings and info only, below the default threshold
    assert kb(*w, "check", "--no-search", "--locale", "ko", "--fail-on", "warning").code == 1
    html_text = report.read_text(encoding="utf-8")
    assert "<svg" in html_text
    assert "<script" not in html_text
    assert "link-missing-in-locale" in html_text
    assert kb(*w, "check", "--locale", "xx").code == 1


def test_snippet_edit_from_the_cli(kb, ws_dir: Path, tmp_path: Path) -> None:
    w = ["--workspace", str(ws_dir)]
    text = tmp_path / "risk.md"
    text.write_text("> **Risk warning:** leverage can wipe out your margin.\n", encoding="utf-8")
    result = kb(
        *w,
        "--as",
        "mia",
        "snippet",
        "edit",
        "futures-risk",
        "-l",
        "en",
        "--file",
        str(text),
        "-m",
        "legal update",
    )
    assert result.code == 0, result.err
    assert "back to review: liquidation/en" in result.out
    shown = json.loads(kb(*w, "show", "liquidation", "-l", "en", "--format", "json").out)
    assert shown["status"] == "in_review"
    refused = kb(
        *w, "--as", "yuki", "snippet", "edit", "futures-risk", "-l", "en", "--file", str(text)
    )
    assert refused.code == 1

"""Create tests/data/schemas/<revision>.sqlite with today's schema and a little data."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from kbstudio.services.workspace import Workspace
from kbstudio.storage.engine import head_revision

KB = """name = "Stored"
source_locale = "en"
locales = ["en", "ja"]

[[categories]]
id = "basics"
name = { en = "Basics", ja = "基本" }

[[categories.sections]]
id = "start"
name = { en = "Start", ja = "はじめに" }

[[variables]]
name = "btc-fee"
kind = "amount"
value = "0.0002"
unit = "BTC"
terms = { en = ["BTC fee"] }
"""


def main() -> None:
    revision = sys.argv[1] if len(sys.argv) > 1 else head_revision()
    target = Path(__file__).with_name(f"{revision}.sqlite")
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        (content / "articles" / "good").mkdir(parents=True)
        (content / "kb.toml").write_text(KB, encoding="utf-8")
        (content / "articles" / "good" / "en.md").write_text(
            "---\ntitle: Good\nsection: basics/start\ntype: faq\nstatus: published\n---\nBody\n",
            encoding="utf-8",
        )
        (content / "articles" / "good" / "ja.md").write_text(
            "---\ntitle: 良い\nstatus: draft\n---\n本文\n", encoding="utf-8"
        )
        ws = Workspace.init(Path(tmp) / "ws")
        assert ws.import_path(content).ok
        ws.close()
        target.write_bytes((Path(tmp) / "ws" / "kbstudio.db").read_bytes())
    print(f"wrote {target}")


if __name__ == "__main__":
    main()

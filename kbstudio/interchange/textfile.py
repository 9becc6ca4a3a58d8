"""Reading one text file safely, and splitting YAML front matter from Markdown."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import yaml

from kbstudio.domain.errors import ValidationError

if TYPE_CHECKING:
    from pathlib import Path

MAX_FILE_BYTES = 2 * 1024 * 1024  # a help article is far smaller; anything bigger is a mistake


def read_text(path: Path, *, shown: str) -> str:
    """Read a UTF-8 text file, refusing huge, binary or badly encoded ones."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ValidationError("unreadable", f"cannot read: {exc.strerror}", file=shown) from None
    if size > MAX_FILE_BYTES:
        raise ValidationError(
            "too-large",
            f"file is {size / 1_048_576:.1f} MB; the limit is {MAX_FILE_BYTES // 1_048_576} MB",
            file=shown,
        )
    data = path.read_bytes()
    if b"\0" in data:
        line = data[: data.index(b"\0")].count(b"\n") + 1
        raise ValidationError("binary", "binary file (NUL byte), not text", file=shown, line=line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ValidationError(
            "encoding", f"not valid UTF-8 (byte {exc.start})", file=shown, line=line
        ) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


@dataclass
class Document:
    meta: dict[str, Any]
    body: str
    meta_lines: list[str]
    body_line: int  # 1-based line where the body starts

    def line_of(self, key: str) -> int | None:
        """The 1-based file line where front-matter *key* is set, if found."""
        for i, line in enumerate(self.meta_lines):
            if line.startswith(f"{key}:"):
                return i + 2
        return None


def split_front_matter(text: str, *, shown: str, required: bool = True) -> Document:
    """Split '---' YAML front matter from the Markdown body."""
    if not text.startswith("---\n"):
        if required:
            raise ValidationError(
                "no-front-matter", "missing '---' front matter", file=shown, line=1
            )
        return Document({}, normalize_body(text), [], 1)
    end = text.find("\n---\n", 3)
    if end == -1:
        if text.endswith("\n---"):
            end = len(text) - 4
        else:
            raise ValidationError(
                "no-front-matter", "front matter is not closed by '---'", file=shown, line=1
            )
    raw = text[4 : end + 1]
    try:
        meta = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else None
        problem = getattr(exc, "problem", None) or "malformed YAML"
        raise ValidationError(
            "bad-yaml", f"front matter is not valid YAML: {problem}", file=shown, line=line
        ) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ValidationError("bad-yaml", "front matter must be a mapping", file=shown, line=2)
    meta_lines = raw.split("\n")
    body = text[end + 5 :]
    return Document(meta, normalize_body(body), meta_lines, raw.count("\n") + 3)


def normalize_body(body: str) -> str:
    """Trim blank lines around a body and end it with exactly one newline."""
    body = body.strip("\n")
    return body.rstrip() + "\n" if body.strip() else ""

"""XLIFF 1.2 exchange with CAT tools (memoQ, Trados), through translate-toolkit.

One ``<file>`` per article. It names the workspace (``kb:workspace``) and the source
revision its units were cut from (``build-num``), so an import can refuse a file from
another workspace and report units whose source changed since the export instead of
applying them. Unit ids are the unit's index in the source (``title`` for the title);
notes give the translator context: the kind of unit and, for an outdated one, the old
source text and the translation it had.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from lxml import etree
from translate.storage.xliff import xlifffile, xliffunit

KB_NS = "urn:kbstudio"
_WS = f"{{{KB_NS}}}workspace"
_NS_12 = "urn:oasis:names:tc:xliff:document:1.2"


class _Unit12(xliffunit):
    namespace = _NS_12


class _Xliff12(xlifffile):  # type: ignore[type-arg]
    """translate-toolkit's XLIFF store, writing version 1.2 instead of its 1.1 default."""

    namespace = _NS_12
    UnitClass = _Unit12
    XMLskeleton = f"""<?xml version="1.0" ?>
<xliff version="1.2" xmlns="{_NS_12}">
<file original="NoName" source-language="en" datatype="plaintext">
<body>
</body>
</file>
</xliff>"""


@dataclass(frozen=True)
class XUnit:
    id: str
    source: str
    target: str = ""
    kind: str = ""
    notes: tuple[str, ...] = ()
    needs_review: bool = False  # the target is an old translation of a changed unit


@dataclass(frozen=True)
class XFile:
    article_id: str
    source_revision: int
    units: tuple[XUnit, ...] = ()


@dataclass(frozen=True)
class XDocument:
    workspace: str
    source_locale: str
    target_locale: str
    files: tuple[XFile, ...] = field(default_factory=tuple)


def _original(article_id: str, locale: str) -> str:
    return f"articles/{article_id}/{locale}.md"


def write(doc: XDocument) -> bytes:
    """The document as XLIFF 1.2 bytes."""
    store = _Xliff12(sourcelanguage=doc.source_locale, targetlanguage=doc.target_locale)
    for xf in doc.files:
        name = _original(xf.article_id, doc.source_locale)
        store.switchfile(name, createifmissing=True)
        node = store.getfilenode(name)
        node.set("build-num", str(xf.source_revision))
        node.set(_WS, doc.workspace)
        node.set("target-language", doc.target_locale)
        for xu in xf.units:
            unit = store.addsourceunit(xu.source, filename=name, createifmissing=True)
            unit.setid(xu.id)
            if xu.target:
                unit.settarget(xu.target, lang=doc.target_locale)
                unit.markapproved(False)
                if xu.needs_review:
                    unit.markfuzzy(True)
            if xu.kind:
                unit.createcontextgroup("x-kbstudio", [("x-kind", xu.kind)], purpose="information")
            for note in xu.notes:
                unit.addnote(note, origin="developer")
    store.removedefaultfile()
    out = io.BytesIO()
    store.serialize(out)
    return out.getvalue()


def read(data: bytes, *, shown: str = "XLIFF") -> XDocument:
    """Parse XLIFF written by :func:`write` (and passed through a CAT tool)."""
    try:
        store = xlifffile.parsestring(data)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise ValueError(f"{shown} is not an XLIFF file: {exc}") from None
    files: list[XFile] = []
    by_element = {unit.xmlelement: unit for unit in store.units}
    workspace = ""
    source_locale = target_locale = ""
    for name in store.getfilenames():
        node = store.getfilenode(name)
        ws = node.get(_WS) or ""
        if workspace and ws != workspace:
            raise ValueError(f"{shown} mixes files of several workspaces")
        workspace = ws
        source_locale = node.get("source-language") or source_locale
        target_locale = node.get("target-language") or target_locale
        article_id = (
            name.split("/")[1] if name.startswith("articles/") and name.count("/") == 2 else ""
        )
        revision = node.get("build-num") or ""
        if not article_id or not revision.isdigit():
            raise ValueError(f"{shown}: file {name!r} was not exported by KB Studio")
        units = []
        for element in node.iter(f"{{{store.namespace}}}trans-unit"):
            unit = by_element[element]
            target = unit.target or ""
            units.append(
                XUnit(
                    element.get("id") or "",
                    unit.source or "",
                    str(target),
                    needs_review=bool(unit.isfuzzy()),
                )
            )
        files.append(XFile(article_id, int(revision), tuple(units)))
    return XDocument(workspace, source_locale, target_locale, tuple(files))

"""Translate the snowballstemmer package's generated Python stemmers into browser JavaScript.

The published site must stem queries exactly as the index did, and the index used the
Python package. Its modules are machine-generated from the Snowball sources in a small,
regular subset of Python (assignments, ifs, `while True` loops, `try/except labN` used as
labelled blocks, calls to the base class), so a mechanical translation keeps every branch;
tests/test_publish_js.py proves parity over the whole sample vocabulary.

Run: .venv/bin/python scripts/snowball_to_js.py   (rewrites kbstudio/publishing/theme/static/stem/)
A test fails when the committed files differ from what this script writes.
"""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

import snowballstemmer

OUT = Path(__file__).resolve().parents[1] / "kbstudio/publishing/theme/static/stem"
SRC = Path(snowballstemmer.__file__).parent
ALGORITHMS = [
    "arabic",
    "danish",
    "dutch",
    "english",
    "finnish",
    "french",
    "german",
    "hungarian",
    "italian",
    "norwegian",
    "portuguese",
    "romanian",
    "russian",
    "spanish",
    "swedish",
    "turkish",
]
CMP = {ast.Eq: "===", ast.NotEq: "!==", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}

# The base class, a line-for-line port of snowballstemmer/basestemmer.py.
BASE = """\
  function Base() { this.setCurrent(""); }
  Base.prototype.setCurrent = function (value) {
    this.current = value; this.cursor = 0; this.limit = value.length;
    this.limit_backward = 0; this.bra = 0; this.ket = this.limit;
  };
  Base.prototype.in_grouping = function (s) {
    if (this.cursor >= this.limit || !s.includes(this.current[this.cursor])) return false;
    this.cursor += 1; return true;
  };
  Base.prototype.go_in_grouping = function (s) {
    while (this.cursor < this.limit) {
      if (!s.includes(this.current[this.cursor])) return true;
      this.cursor += 1;
    }
    return false;
  };
  Base.prototype.in_grouping_b = function (s) {
    if (this.cursor <= this.limit_backward || !s.includes(this.current[this.cursor - 1])) return false;
    this.cursor -= 1; return true;
  };
  Base.prototype.go_in_grouping_b = function (s) {
    while (this.cursor > this.limit_backward) {
      if (!s.includes(this.current[this.cursor - 1])) return true;
      this.cursor -= 1;
    }
    return false;
  };
  Base.prototype.out_grouping = function (s) {
    if (this.cursor >= this.limit || s.includes(this.current[this.cursor])) return false;
    this.cursor += 1; return true;
  };
  Base.prototype.go_out_grouping = function (s) {
    while (this.cursor < this.limit) {
      if (s.includes(this.current[this.cursor])) return true;
      this.cursor += 1;
    }
    return false;
  };
  Base.prototype.out_grouping_b = function (s) {
    if (this.cursor <= this.limit_backward || s.includes(this.current[this.cursor - 1])) return false;
    this.cursor -= 1; return true;
  };
  Base.prototype.go_out_grouping_b = function (s) {
    while (this.cursor > this.limit_backward) {
      if (s.includes(this.current[this.cursor - 1])) return true;
      this.cursor -= 1;
    }
    return false;
  };
  Base.prototype.eq_s = function (s) {
    if (this.limit - this.cursor < s.length || this.current.slice(this.cursor, this.cursor + s.length) !== s) return false;
    this.cursor += s.length; return true;
  };
  Base.prototype.eq_s_b = function (s) {
    if (this.cursor - this.limit_backward < s.length || this.current.slice(this.cursor - s.length, this.cursor) !== s) return false;
    this.cursor -= s.length; return true;
  };
  Base.prototype.find_among = function (v) {
    var i = 0, j = v.length, c = this.cursor, l = this.limit;
    var common_i = 0, common_j = 0, first_key_inspected = false;
    for (;;) {
      var k = i + ((j - i) >> 1), diff = 0, common = Math.min(common_i, common_j), w = v[k];
      for (var i2 = common; i2 < w[0].length; i2++) {
        if (c + common === l) { diff = -1; break; }
        diff = this.current.charCodeAt(c + common) - w[0].charCodeAt(i2);
        if (diff !== 0) break;
        common += 1;
      }
      if (diff < 0) { j = k; common_j = common; } else { i = k; common_i = common; }
      if (j - i <= 1) {
        if (i > 0 || j === i || first_key_inspected) break;
        first_key_inspected = true;
      }
    }
    for (;;) {
      var e = v[i];
      if (common_i >= e[0].length) {
        this.cursor = c + e[0].length;
        if (e.length < 4) return e[2];
        if (e[3].call(this)) { this.cursor = c + e[0].length; return e[2]; }
      }
      i = e[1];
      if (i < 0) return 0;
    }
  };
  Base.prototype.find_among_b = function (v) {
    var i = 0, j = v.length, c = this.cursor, lb = this.limit_backward;
    var common_i = 0, common_j = 0, first_key_inspected = false;
    for (;;) {
      var k = i + ((j - i) >> 1), diff = 0, common = Math.min(common_i, common_j), w = v[k];
      for (var i2 = w[0].length - 1 - common; i2 >= 0; i2--) {
        if (c - common === lb) { diff = -1; break; }
        diff = this.current.charCodeAt(c - 1 - common) - w[0].charCodeAt(i2);
        if (diff !== 0) break;
        common += 1;
      }
      if (diff < 0) { j = k; common_j = common; } else { i = k; common_i = common; }
      if (j - i <= 1) {
        if (i > 0 || j === i || first_key_inspected) break;
        first_key_inspected = true;
      }
    }
    for (;;) {
      var e = v[i];
      if (common_i >= e[0].length) {
        this.cursor = c - e[0].length;
        if (e.length < 4) return e[2];
        if (e[3].call(this)) { this.cursor = c - e[0].length; return e[2]; }
      }
      i = e[1];
      if (i < 0) return 0;
    }
  };
  Base.prototype.replace_s = function (c_bra, c_ket, s) {
    var adjustment = s.length - (c_ket - c_bra);
    this.current = this.current.slice(0, c_bra) + s + this.current.slice(c_ket);
    this.limit += adjustment;
    if (this.cursor >= c_ket) this.cursor += adjustment;
    else if (this.cursor > c_bra) this.cursor = c_bra;
    return adjustment;
  };
  Base.prototype.slice_from = function (s) {
    this.replace_s(this.bra, this.ket, s); this.ket = this.bra + s.length;
  };
  Base.prototype.slice_del = function () { this.slice_from(""); };
  Base.prototype.insert = function (c_bra, c_ket, s) {
    var adjustment = this.replace_s(c_bra, c_ket, s);
    if (c_bra <= this.bra) this.bra += adjustment;
    if (c_bra <= this.ket) this.ket += adjustment;
  };
  Base.prototype.slice_to = function () { return this.current.slice(this.bra, this.ket); };
  Base.prototype.stemWord = function (word) {
    this.setCurrent(word); this._stem(); return this.current;
  };
"""


class Translator:
    """Python AST of one generated stemmer class -> JavaScript source."""

    def __init__(self, cls: ast.ClassDef) -> None:
        self.cls = cls
        self.labels: list[tuple[str, str]] = []  # (exception name, JS label), innermost last
        self.counter = 0

    def expr(self, node: ast.expr) -> str:
        match node:
            case ast.Constant(value=bool() as v):
                return "true" if v else "false"
            case ast.Constant(value=None):
                return "null"
            case ast.Constant(value=str() as v):
                return json.dumps(v)
            case ast.Constant(value=int() as v):
                return str(v)
            case ast.Name(id=name):
                return name
            case ast.Attribute(value=ast.Name(id="self"), attr=attr):
                return "this." + attr.removeprefix("__")
            case ast.Attribute(value=ast.Name(id=cls), attr=attr) if cls == self.cls.name:
                return attr
            case ast.Call(func=ast.Name(id="Among"), args=[s, i, r]):
                return f"[{self.expr(s)}, {self.expr(i)}, {self.expr(r)}]"
            case ast.Call(func=ast.Name(id="Among"), args=[s, i, r, ast.Name(id=method)]):
                # A routine that must also succeed; resolved when called, after definition.
                call = f"function () {{ return this.{method.removeprefix('__')}(); }}"
                return f"[{self.expr(s)}, {self.expr(i)}, {self.expr(r)}, {call}]"
            case ast.Call(func=ast.Name(id="len"), args=[arg]):
                return f"{self.expr(arg)}.length"
            case ast.Call(func=func, args=args):
                return f"{self.expr(func)}({', '.join(self.expr(a) for a in args)})"
            case ast.Compare(left=left, ops=[ast.In()], comparators=[right]):
                return f"{self.expr(right)}.includes({self.expr(left)})"
            case ast.Compare(left=left, ops=[ast.NotIn()], comparators=[right]):
                return f"!{self.expr(right)}.includes({self.expr(left)})"
            case ast.Compare(left=left, ops=[op], comparators=[right]):
                return f"({self.expr(left)} {CMP[type(op)]} {self.expr(right)})"
            case ast.BoolOp(op=op, values=values):
                joiner = " && " if isinstance(op, ast.And) else " || "
                return "(" + joiner.join(self.expr(v) for v in values) + ")"
            case ast.UnaryOp(op=ast.Not(), operand=operand):
                return f"!{self.expr(operand)}"
            case ast.UnaryOp(op=ast.USub(), operand=operand):
                return f"-{self.expr(operand)}"
            case ast.BinOp(left=left, op=ast.Add(), right=right):
                return f"({self.expr(left)} + {self.expr(right)})"
            case ast.BinOp(left=left, op=ast.Sub(), right=right):
                return f"({self.expr(left)} - {self.expr(right)})"
            case ast.Subscript(value=value, slice=index):
                return f"{self.expr(value)}[{self.expr(index)}]"
            case ast.Set(elts=elts) | ast.Tuple(elts=elts) if all(
                isinstance(e, ast.Constant) and isinstance(e.value, int) for e in elts
            ):
                return "[" + ", ".join(self.expr(e) for e in elts) + "]"
            case ast.Set(elts=elts):
                # A grouping: membership of one character, so a string serves.
                return json.dumps("".join(sorted(e.value for e in elts)))  # type: ignore[attr-defined]
            case ast.Tuple(elts=elts) | ast.List(elts=elts):
                return "[" + ", ".join(self.expr(e) for e in elts) + "]"
        raise NotImplementedError(ast.dump(node)[:200])

    def block(self, body: list[ast.stmt], depth: int) -> list[str]:
        out: list[str] = []
        for stmt in body:
            out += self.stmt(stmt, depth)
        return out

    def stmt(self, node: ast.stmt, depth: int) -> list[str]:
        pad = "  " * depth
        match node:
            case ast.Assign(targets=[target], value=value):
                return [f"{pad}{self.expr(target)} = {self.expr(value)};"]
            case ast.AugAssign(target=target, op=op, value=value):
                sign = "+=" if isinstance(op, ast.Add) else "-="
                return [f"{pad}{self.expr(target)} {sign} {self.expr(value)};"]
            case ast.Expr(value=value):
                return [f"{pad}{self.expr(value)};"]
            case ast.Pass():
                return []
            case ast.Break():
                return [f"{pad}break;"]
            case ast.Continue():
                return [f"{pad}continue;"]
            case ast.Return(value=None):
                return [f"{pad}return;"]
            case ast.Return(value=value):
                return [f"{pad}return {self.expr(value)};"]
            case ast.Raise(exc=ast.Call(func=ast.Name(id=name))):
                label = next(js for exc, js in reversed(self.labels) if exc == name)
                return [f"{pad}break {label};"]
            case ast.If(test=test, body=body, orelse=orelse):
                out = [f"{pad}if ({self.expr(test)}) {{", *self.block(body, depth + 1)]
                while len(orelse) == 1 and isinstance(orelse[0], ast.If):
                    inner = orelse[0]
                    out += [f"{pad}}} else if ({self.expr(inner.test)}) {{"]
                    out += self.block(inner.body, depth + 1)
                    orelse = inner.orelse
                if orelse:
                    out += [f"{pad}}} else {{", *self.block(orelse, depth + 1)]
                return [*out, f"{pad}}}"]
            case ast.While(test=test, body=body):
                head = (
                    "while (true)"
                    if isinstance(test, ast.Constant)
                    else f"while ({self.expr(test)})"
                )
                return [f"{pad}{head} {{", *self.block(body, depth + 1), f"{pad}}}"]
            case ast.For(target=ast.Name(id="_"), iter=ast.Tuple(elts=elts), body=body):
                return [
                    f"{pad}for (let _ = 0; _ < {len(elts)}; _++) {{",
                    *self.block(body, depth + 1),
                    f"{pad}}}",
                ]
            case ast.Try(body=body, handlers=[ast.ExceptHandler(type=ast.Name(id=name))]):
                self.counter += 1
                label = f"{name}_{self.counter}"
                self.labels.append((name, label))
                out = [f"{pad}{label}: {{", *self.block(body, depth + 1), f"{pad}}}"]
                self.labels.pop()
                return out
        raise NotImplementedError(ast.dump(node)[:200])

    def function(self, fn: ast.FunctionDef) -> list[str]:
        local = sorted(
            {
                t.id
                for n in ast.walk(fn)
                if isinstance(n, ast.Assign)
                for t in n.targets
                if isinstance(t, ast.Name)
            }
        )
        name = fn.name.removeprefix("__")
        out = [f"  S.prototype.{name} = function () {{"]
        if local:
            out.append(f"    var {', '.join(local)};")
        out += self.block(fn.body, 2)
        return [*out, "  };"]

    def module(self, language: str) -> str:
        consts: list[str] = []
        fields: list[str] = []
        methods: list[str] = []
        for item in self.cls.body:
            if isinstance(item, ast.Assign):
                name = item.targets[0].id  # type: ignore[attr-defined]
                value = self.expr(item.value)
                if name.startswith(("a_", "as_", "g_")):
                    consts.append(f"  var {name} = {value};")
                else:
                    fields.append(f"    this.{name} = {value};")
            elif isinstance(item, ast.FunctionDef):
                methods += self.function(item)
        return "\n".join(
            [
                "  function S() { Base.call(this);",
                *fields,
                "  }",
                "  S.prototype = Object.create(Base.prototype);",
                *consts,
                *methods,
                f'  var stemmer = new S();\n  root.KBStem["{language}"] = function (w) {{'
                " return stemmer.stemWord(w); };",
            ]
        )


def translate(language: str) -> str:
    path = SRC / f"{language}_stemmer.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name.endswith("Stemmer"))
    header = path.read_text(encoding="utf-8").splitlines()[0].lstrip("# ")
    body = Translator(cls).module(language)
    return (
        f"// Snowball {language} stemmer for the help center's search. GENERATED by\n"
        "// scripts/snowball_to_js.py from the snowballstemmer package (BSD licence, see\n"
        f"// LICENSE.snowball beside this file); do not edit.\n// {header}\n"
        "(function (root) {\n  'use strict';\n"
        "  root.KBStem = root.KBStem || {};\n"
        f"{BASE}{body}\n}})(typeof window !== 'undefined' ? window : globalThis);\n"
    )


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for language in ALGORITHMS:
        (OUT / f"{language}.js").write_text(translate(language), encoding="utf-8")
    licence = next((SRC.parent).glob("snowballstemmer-*.dist-info/licenses/*"), None)
    if licence is not None:
        (OUT / "LICENSE.snowball").write_text(licence.read_text(encoding="utf-8"), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

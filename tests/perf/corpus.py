"""Deterministic synthetic help center in the KB Studio content format, for benchmarks.

``generate(root, articles=N)`` writes ``kb.toml`` and ``articles/<id>/<locale>.md`` for every
article in every locale (see content/FORMAT.md), mixing per-locale phrase banks (phrases.txt) of
crypto-exchange help text at random. Every choice comes from ``random.Random`` seeded from
*seed* (string seeds go through SHA-512, never Python's randomized ``hash``), so the same
arguments always give byte-identical files.

    python tests/perf/corpus.py OUT --articles N --locales en,zh-Hans --seed 1234
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import time
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

AREAS = ("withdrawals", "deposits", "security", "kyc", "spot", "futures", "api", "fees")
ASPECTS = ("basics", "limits", "help")
ANCHORS = ["overview", "before-you-start", "steps", "fees", "limits", "networks", "timing"]
ANCHORS += ["troubleshooting", "security-tips", "api-access"]  # parallel to "heads" in phrases
TYPES, TYPE_WEIGHTS = ("faq", "guide", "announcement", "notice"), (45, 38, 10, 7)
TITLES = {"guide": (0, 4), "faq": (4, 8), "announcement": (8, 9), "notice": (9, 10)}
COINS = {"BTC": "0.0002 0.0005 0.01 0.25", "ETH": "0.002 0.005 0.1 1.5", "USDT": "1 10 1,000"}
COINS |= {"USDC": "1 20 5,000", "SOL": "0.01 0.1 25", "XRP": "0.25 20 1,500", "NVX": "5 500 2,000"}
NETS = ("ERC20", "TRC20", "BEP20", "Solana", "Bitcoin", "Arbitrum One", "Polygon")
PCTS = ("0.02%", "0.05%", "0.075%", "0.1%", "0.2%", "25%")
CODES = ["GET /api/v3/account", "POST /api/v3/order", "X-NV-APIKEY", "recvWindow"]
CODES += ["withdraw:write", "GET /sapi/v1/capital/config", "wss://stream.example.test/ws"]
ERRORS = ("-1021", "-2015", "429", "418", "INVALID_SIGNATURE")
STATUS_URL = "https://status.example.test"
PHRASES = Path(__file__).with_name("phrases.txt")
WRITERS = (("mia", "Mia Chen"), ("omar", "Omar Haddad"), ("ana", "Ana Souza"))
FENCES = (
    'bash\ncurl -H "X-NV-APIKEY: $API_KEY" \\\n'
    '  "https://api.example.test/sapi/v1/capital/withdraw/history?coin=$COIN&limit=50"',
    'json\n{"coin": "$COIN", "network": "$NET", "amount": "$AMT", "status": "PROCESSING"}',
    'python\nquery = f"coin=$COIN&network=$NET&amount=$AMT&timestamp={int(time.time() * 1000)}"\n'
    "signature = hmac.new(SECRET, query.encode(), hashlib.sha256).hexdigest()",
)


_SIZES = {"topics": len(AREAS), "aspects": 3, "titles": 10, "heads": len(ANCHORS), "table": 8}
_WORD = re.compile(r"[^\W_]+")
_CJK = re.compile(r"[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]")  # ideographs, kana, CJK punct.
_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^:#,\[\]{}]*(?<! )")
_SPECIAL = re.compile(r"[-+.\d:eE_]+|true|false|yes|no|on|off|null|~", re.IGNORECASE)


@cache
def _banks() -> dict[str, dict[str, list[str]]]:
    """Every locale's phrase bank from phrases.txt (its header explains the format)."""
    banks: dict[str, dict[str, list[str]]] = {}
    key = ""
    for line in PHRASES.read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            bank = banks.setdefault(line.strip("[]"), {})
        elif line.strip() and not line.startswith("#"):
            if not line.startswith(" "):
                key, _, line = line.partition(": ")
            bank.setdefault(key, []).extend(part.strip() for part in line.split("|"))
    for loc, bank in banks.items():
        wrong = {k: len(bank.get(k, [])) for k, n in _SIZES.items() if len(bank.get(k, [])) != n}
        assert not wrong, f"{PHRASES.name} [{loc}]: wrong number of entries {wrong}"
    return banks


def _bank(locale: str) -> dict[str, list[str]]:
    """The phrase bank for *locale*; a locale without one uses English."""
    return _banks().get(locale) or _banks()["en"]


class _Slots(dict[str, str]):
    """Template values drawn on first use, so one sentence's {coin} and {amt} agree."""

    def __init__(self, rng: random.Random, **fixed: str) -> None:
        super().__init__(url=STATUS_URL, **fixed)
        self.rng = rng

    def __missing__(self, key: str) -> str:
        if key == "amt":
            value = f"{self.rng.choice(COINS[self['coin']].split())} {self['coin']}"
        elif key == "n":
            value = str(self.rng.randint(2, 60))
        else:
            value = self.rng.choice(
                {"coin": list(COINS), "net": NETS, "pct": PCTS, "code": CODES, "err": ERRORS}[key]
            )
        self[key] = value
        return value


@dataclass
class _Plan:
    """One article's locale-independent shape: properties, headings, kinds of block, links."""

    index: int
    id: str
    area: int
    type: str
    title: int
    coin: str
    net: str
    section: str
    position: int
    heads: list[tuple[int, bool, str]]  # heading, has {#anchor}, block kind
    links: list[tuple[int, str]] = field(default_factory=list)  # target index, "#anchor" or ""

    @property
    def anchors(self) -> list[str]:
        return [ANCHORS[h] for h, anchored, _ in self.heads if anchored]


def _plan(articles: int, rng: random.Random) -> list[_Plan]:
    plans: list[_Plan] = []
    positions: dict[str, int] = {}
    for i in range(articles):
        area, aspect = rng.randrange(len(AREAS)), rng.randrange(len(ASPECTS))
        kind = rng.choices(TYPES, TYPE_WEIGHTS)[0]
        section = f"{AREAS[area]}-{ASPECTS[aspect]}"
        positions[section] = positions.get(section, 0) + 1
        k = rng.randint(3, 5)
        kinds = rng.sample(["table", "steps", "bullets", "text", "text"][:k], k)
        picked = zip(rng.sample(range(len(ANCHORS)), k), kinds, strict=True)
        heads = [(h, rng.random() < 0.4, block) for h, block in picked]
        coin, net, title = rng.choice(list(COINS)), rng.choice(NETS), rng.randrange(*TITLES[kind])
        aid = f"a{i:05d}-{section}"
        plans.append(
            _Plan(i, aid, area, kind, title, coin, net, section, positions[section], heads)
        )
    for p in plans:  # Links need every article's anchors, so they come second.
        for t in rng.sample(range(articles - 1), min(rng.randint(1, 3), articles - 1)):
            target = plans[t + (t >= p.index)]
            use_anchor = target.anchors and rng.random() < 0.3
            p.links.append((target.index, f"#{rng.choice(target.anchors)}" if use_anchor else ""))
    return plans


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _y(text: str) -> str:
    """*text* as a YAML scalar: plain when that is safe, else double-quoted."""
    if _PLAIN.fullmatch(text) and not _SPECIAL.fullmatch(text):
        return text
    return json.dumps(text, ensure_ascii=False)


def _slug(title: str, index: int) -> str:
    """A slug valid in KB Studio (words of any script joined by '-'), unique by *index*."""
    words = _WORD.findall(unicodedata.normalize("NFKC", title).lower())
    return "-".join(words)[:100].strip("-") + f"-{index}"


def _title(p: _Plan, locale: str) -> str:
    bank = _bank(locale)
    return _cap(
        bank["titles"][p.title].format(topic=bank["topics"][p.area], coin=p.coin, net=p.net)
    )


def _table(bank: dict[str, list[str]], rng: random.Random) -> str:
    head = bank["table"]
    rows = [head[:4]] if rng.random() < 0.6 else [head[4:7]]  # withdrawal fees or limits
    for c in rng.sample(list(COINS), rng.randint(3, 6)) if len(rows[0]) == 4 else ():
        fee, low = COINS[c].split()[:2]
        rows.append([c, rng.choice(NETS), f"{low} {c}", f"{fee} {c}"])
    for n in range(rng.randint(3, 4)) if len(rows[0]) == 3 else ():
        rows.append([head[7].format(n=n), f"{50_000 * 4**n:,} USDT", f"{10**6 * 4**n:,} USDT"])
    rows.insert(1, ["---"] * len(rows[0]))
    return "\n".join("| " + " | ".join(cells) + " |" for cells in rows)


def _body(p: _Plan, plans: list[_Plan], locale: str, words: int, seed: int) -> str:
    """Intro, 3-5 sections (list, steps, table or text), extras, then sentences up to *words*."""
    bank, rng = _bank(locale), random.Random(f"{seed}/{p.id}/{locale}")
    fixed = {"topic": bank["topics"][p.area], "coin": p.coin}
    deck: list[str] = []

    def fill(key: str) -> str:
        if key == "sents":  # deal sentences like cards, so repeats are rarer
            deck[:] = deck or rng.sample(bank[key], len(bank[key]))
            return deck.pop().format_map(_Slots(rng, **fixed))
        return rng.choice(bank[key]).format_map(_Slots(rng, **fixed))

    groups: list[list[list[str]]] = [[[fill("sents") for _ in range(rng.randint(2, 3))]]]
    blocks: list[str | list[list[str]]] = [groups[0]]
    api = AREAS[p.area] == "api"
    code_at = rng.randrange(len(p.heads)) if api or rng.random() < 0.15 else -1
    for j, (h, anchored, kind) in enumerate(p.heads):
        heading = bank["heads"][h].format_map(_Slots(rng, **fixed))
        groups.append([[fill("sents")]])
        blocks += [f"## {heading}" + (f" {{#{ANCHORS[h]}}}" if anchored else ""), groups[-1]]
        if kind == "table":
            blocks.append(_table(bank, rng))
        elif kind != "text":
            n = min(len(bank[kind]), rng.randint(3, 5))
            items = [bank[kind][x] for x in sorted(rng.sample(range(len(bank[kind])), n))]
            for x, item in enumerate(items):
                mark = f"{x + 1}. " if kind == "steps" else "- "
                items[x] = mark + item.format_map(_Slots(rng, **fixed))
            blocks.append("\n".join(items))
        if j == code_at:
            fence = rng.choice(FENCES).replace("$COIN", p.coin).replace("$NET", p.net)
            blocks.append(f"```{fence.replace('$AMT', COINS[p.coin].split()[-1])}\n```")
    extras = [
        rng.choice(bank["link"]).format(link=f"[{_title(plans[t], locale)}](kb:{plans[t].id}{a})")
        for t, a in p.links
    ]
    if api or rng.random() < 0.3:
        extras.append(fill("code"))
    if p.type in ("announcement", "notice") or rng.random() < 0.15:
        extras.append(fill("status"))
    cjk = locale.split("-")[0] in ("zh", "ja")

    def size(text: str) -> float:  # in English words; ~1.6 CJK characters make one
        return len(_CJK.findall(text)) / 1.6 if cjk else text.count(" ") + 1

    total = sum(size(b) for b in blocks if isinstance(b, str))
    total += sum(size(s) for g in groups for s in g[0])
    while total < words or extras:
        sentence = extras.pop(0) if extras else fill("sents")
        group = rng.choice(groups)
        if len(group[-1]) >= rng.randint(3, 5):
            group.append([])
        group[-1].append(sentence)
        total += size(sentence)
    sep = "" if cjk else " "
    return "\n\n".join(b if isinstance(b, str) else "\n\n".join(map(sep.join, b)) for b in blocks)


def _article(p: _Plan, plans: list[_Plan], locale: str, seed: int, words: int) -> str:
    bank, title, slug = _bank(locale), _title(p, locale), _slug(_title(p, "en"), p.index)
    tags = [bank["topics"][p.area], p.coin, p.net, f"{p.coin} {bank['topics'][p.area]}"]
    meta: dict[str, object] = {"title": _y(title), "slug": slug}
    if locale == "en":
        rng = random.Random(f"{seed}/{p.id}")
        meta |= {"section": f"{AREAS[p.area]}/{p.section}", "type": p.type, "position": p.position}
        meta |= {"tags": f"[{', '.join(map(_y, tags))}]", "owner": rng.choice(WRITERS)[0]}
        meta["review_by"] = dt.date(2026, 7, 1) + dt.timedelta(days=rng.randrange(900))
        meta["visibility"] = "internal" if rng.random() < 0.03 else "public"
        meta |= {"status": "published", "version": 1}
    else:
        if random.Random(f"{seed}/{p.id}/{locale}/slug").random() < 0.5:
            meta["slug"] = _slug(title, p.index)  # a slug in the locale's script
        meta |= {
            "tags": f"[{', '.join(map(_y, tags))}]",
            "status": "published",
            "source_version": 1,
        }
    head = "".join(f"{k}: {v}\n" for k, v in meta.items())
    return f"---\n{head}---\n{_body(p, plans, locale, words, seed)}\n"


def _kb_toml(locales: list[str], seed: int) -> str:
    def names(area: int, aspect: int | None = None) -> str:
        """A TOML inline table of the names of a category (or its section) in every locale."""
        pairs = []
        for loc in locales:
            topic = _bank(loc)["topics"][area]
            name = topic if aspect is None else _bank(loc)["aspects"][aspect].format(topic=topic)
            pairs.append(f"{json.dumps(loc)} = {json.dumps(_cap(name), ensure_ascii=False)}")
        return "{ " + ", ".join(pairs) + " }"

    out = [f'name = "Synthetic Exchange Help Center (seed {seed})"', 'source_locale = "en"']
    out += [f"locales = {json.dumps(locales)}", ""]
    for a, area in enumerate(AREAS):
        out += ["[[categories]]", f'id = "{area}"', f"name = {names(a)}", ""]
        for s, aspect in enumerate(ASPECTS):
            out += ["[[categories.sections]]", f'id = "{area}-{aspect}"']
            out += [f"name = {names(a, s)}", ""]
    users: list[tuple[str, str, str, list[str]]] = [("admin", "Workspace admin", "admin", [])]
    users += [("sam", "Sam Rivera", "publisher", [])]
    users += [(name, display, "writer", []) for name, display in WRITERS]
    users += [("grace", "Grace Okafor", "reviewer", locales)]
    users += [(f"tr-{x.lower()}", f"Translator {x}", "translator", [x]) for x in locales[1:]]
    for name, display, role, locs in users:
        out += ["[[users]]", f'name = "{name}"', f'display = "{display}"', f'roles = ["{role}"]']
        out += [f"locales = {json.dumps(locs)}", ""]
    return "\n".join(out)


def generate(
    root: Path,
    *,
    articles: int,
    locales: Sequence[str] = ("en", "zh-Hans"),
    seed: int = 1234,
    words: int = 500,
) -> Path:
    """Write kb.toml and *articles* articles in every locale ("en", the source, first)."""
    locs = ["en", *(loc for loc in dict.fromkeys(locales) if loc != "en")]
    plans = _plan(articles, random.Random(seed))
    root.mkdir(parents=True, exist_ok=True)
    (root / "kb.toml").write_text(_kb_toml(locs, seed), encoding="utf-8", newline="\n")
    for p in plans:
        folder = root / "articles" / p.id
        folder.mkdir(parents=True, exist_ok=True)
        for loc in locs:
            text = _article(p, plans, loc, seed, words)
            (folder / f"{loc}.md").write_text(text, encoding="utf-8", newline="\n")
    return root


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write a synthetic KB Studio content folder.")
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=100, help="articles per locale")
    parser.add_argument("--locales", default="en,zh-Hans", help="comma-separated BCP 47 tags")
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--words", type=int, default=500, help="body length in English words")
    args = parser.parse_args(argv)
    locales = [loc.strip() for loc in args.locales.split(",") if loc.strip()]
    start = time.perf_counter()
    generate(args.out, articles=args.articles, locales=locales, seed=args.seed, words=args.words)
    took = time.perf_counter() - start
    files = list(args.out.glob("articles/*/*.md"))
    mb = sum(f.stat().st_size for f in files) / 1e6
    print(
        f"wrote {args.out}: kb.toml + {len(files)} article files ({args.articles} articles x"
        f" {len(files) // max(args.articles, 1)} locales, {mb:.1f} MB) in {took:.2f} s"
    )


if __name__ == "__main__":
    main()

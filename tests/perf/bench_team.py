"""Team-mode load and fault benchmark against a local throwaway PostgreSQL cluster.

1. Load: N writer processes x M saves each on a shared pool of texts; every save names
   the revision it started from, so races become conflicts. Checks: 0 lost texts (every
   attempted text is stored exactly once, as a revision or a conflict revision) and every
   conflict surfaced to its client. Prints throughput.
2. Faults: writers keep saving while the server is restarted (pg_ctl restart -m fast);
   clients retry after a lost connection. Checks: no partial revision (each revision has
   its audit event and each edit event its revision), every text stored exactly once.

Prints numbers; asserts nothing about time. Exits 1 if a check fails.

    python tests/perf/bench_team.py [--writers 8] [--saves 200] [--pool 12] [--restarts 3]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import Engine, create_engine, func, select
from sqlalchemy.exc import OperationalError

from kbstudio.domain.errors import ConflictError, KBError
from kbstudio.services.workspace import Workspace
from kbstudio.storage.engine import normalize_url
from kbstudio.storage.models import AuditRow, RevisionRow, TranslationRow
from tests.pgcluster import PgCluster
from tests.pgdb import PgDatabases

CONTENT = Path(__file__).resolve().parents[2] / "content"


def _bucket(seconds: float) -> int:
    """Latency in 5 ms buckets (a Counter travels back from the worker cheaply)."""
    return int(seconds * 1000 // 5 * 5)


def _percentile(counts: Counter[str], q: float) -> int:
    buckets = sorted((int(k.split()[1]), n) for k, n in counts.items() if k.startswith("ms "))
    total = sum(n for _, n in buckets)
    seen = 0
    for ms, n in buckets:
        seen += n
        if seen >= q * total:
            return ms + 5
    return 0


def _outcomes(counts: Counter[str]) -> dict[str, int]:
    return {k: v for k, v in counts.items() if not k.startswith("ms ")}


def _prefix(fault_phase: bool) -> str:
    return "Fault" if fault_phase else "Load"


WRITERS = ("mia", "omar")


def _as(url: str, worker: int) -> str:
    """The database URL with the login of writer *worker* instead of the superuser."""
    return url.replace("kbadmin@", f"{WRITERS[worker % len(WRITERS)]}@")


def _client_root(base: Path, url: str, name: str) -> Path:
    root = base / name
    root.mkdir(parents=True, exist_ok=True)
    (root / "kbstudio.toml").write_text(f'db = "{url}"\n', encoding="utf-8")
    return root


def writer(
    root: str, worker: int, saves: int, pool: list[str], seed: int, retry: bool
) -> Counter[str]:
    """Save *saves* texts; return counts of saved / conflict / lost-connection / other errors."""
    rng = random.Random(seed + worker)
    ws = Workspace.open(Path(root))
    login = ws.default_actor()  # each writer is a member login: mia or omar
    assert login is not None
    out: Counter[str] = Counter()
    for i in range(saves):
        ref = rng.choice(pool)
        body = f"{_prefix(retry)} {worker}-{i} of {ref}.\n"
        for _attempt in range(20):
            try:
                base = ws.show(ref, locale="en")[0].revision
                t0 = time.perf_counter()
                ws.edit(ref, locale="en", body=body, actor=login, base_revision=base)
                out[f"ms {_bucket(time.perf_counter() - t0)}"] += 1
                out["saved"] += 1
            except ConflictError as exc:
                if exc.code == "stale":  # nothing saved, says the message: try again
                    out["stale, retried"] += 1
                    continue
                out["conflict"] += 1
            except KBError as exc:
                if retry and exc.code == "db-unavailable":
                    out["connection lost, retried"] += 1
                    time.sleep(0.2)
                    continue
                out[f"error {exc.code}"] += 1
            except Exception as exc:  # reported and counted as a failure, not a crash
                out[f"error {type(exc).__name__}: {str(exc).splitlines()[0][:80]}"] += 1
            break
    ws.close()
    return out


def _run_writers(
    roots: list[Path], saves: int, pool: list[str], seed: int, retry: bool
) -> tuple[Counter[str], float]:
    ctx = mp.get_context("spawn")
    start = time.perf_counter()
    with ctx.Pool(len(roots)) as procs:
        results = procs.starmap(
            writer, [(str(r), i, saves, pool, seed, retry) for i, r in enumerate(roots)]
        )
    total: Counter[str] = Counter()
    for r in results:
        total.update(r)
    return total, time.perf_counter() - start


def _verify(
    ws: Workspace, writers: int, saves: int, pool: list[str], fault_phase: bool
) -> list[str]:
    """Every attempted text stored exactly once; every revision with its audit event
    and every edit/conflict event with its revision (nothing half-saved)."""
    problems = []
    with ws.session() as s:
        rows = s.execute(
            select(
                RevisionRow.body, RevisionRow.kind, RevisionRow.number, TranslationRow.article_id
            )
            .join(TranslationRow, RevisionRow.translation_id == TranslationRow.id)
            .where(TranslationRow.locale == "en", TranslationRow.article_id.in_(pool))
        ).all()
        events = s.execute(
            select(AuditRow.entity_id, AuditRow.action, AuditRow.details).where(
                AuditRow.action.in_(["edit", "conflict"])
            )
        ).all()
    tag = _prefix(fault_phase) + " "
    stored = Counter(r.body for r in rows if r.body.startswith(tag))
    for w in range(writers):
        for i in range(saves):
            prefix = f"{tag}{w}-{i} of "
            found = [b for b in stored if b.startswith(prefix)]
            if len(found) != 1 or stored[found[0]] != 1:
                problems.append(f"text {w}-{i} stored {sum(stored[b] for b in found)} times")
    revisions = {(r.article_id, r.number, r.kind) for r in rows if r.body.startswith(tag)}
    audited = {
        (eid.split("/")[0], int(d["revision"]), "normal" if action == "edit" else "conflict")
        for eid, action, d in events
        if eid.endswith("/en") and eid.split("/")[0] in pool
    }
    missing_event = revisions - audited
    every_revision = {(r.article_id, r.number, r.kind) for r in rows}
    missing_rev = audited - every_revision
    if missing_event:
        problems.append(f"{len(missing_event)} revisions without their audit event")
    if missing_rev:
        problems.append(f"{len(missing_rev)} audit events without their revision")
    return problems


def _fault_saves(watch: Engine) -> int:
    for _ in range(100):
        try:
            with watch.connect() as conn:
                query = select(func.count()).where(RevisionRow.body.like("Fault %"))
                return int(conn.execute(query).scalar_one())
        except OperationalError:
            time.sleep(0.2)  # the server is still coming back
    raise RuntimeError("the server did not come back")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--writers", type=int, default=8)
    ap.add_argument("--saves", type=int, default=200)
    ap.add_argument("--pool", type=int, default=12, help="texts shared by all writers")
    ap.add_argument("--restarts", type=int, default=3)
    ap.add_argument("--fault-writers", type=int, default=4)
    ap.add_argument("--fault-saves", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1234)
    args = ap.parse_args()
    cluster = PgCluster().start()
    failed = False
    try:
        dbs = PgDatabases(cluster.url)
        with tempfile.TemporaryDirectory() as tmp:
            base = Path(tmp)
            url = dbs.create(name="kb_bench_team")
            ws = Workspace.init(base / "admin", db_url=url)
            ws.import_path(CONTENT)
            for name in WRITERS:  # writers log in as themselves: the role triggers run
                ws.grant_login(name, actor="admin")
            pool = sorted(t.article_id for t in ws.translations(locale="en"))[: args.pool]

            print(f"== load: {args.writers} writers x {args.saves} saves on {len(pool)} texts")
            roots = [_client_root(base, _as(url, i), f"w{i}") for i in range(args.writers)]
            counts, secs = _run_writers(roots, args.saves, pool, args.seed, retry=False)
            attempts = args.writers * args.saves
            print(f"   outcomes: {_outcomes(counts)}")
            print(f"   {attempts} saves in {secs:.1f} s: {attempts / secs:.0f} saves/s")
            p50, p95 = _percentile(counts, 0.5), _percentile(counts, 0.95)
            print(f"   successful save (edit call), p50 <= {p50} ms, p95 <= {p95} ms")
            print(f"   conflict rate: {counts['conflict'] / attempts:.1%}")
            problems = _verify(ws, args.writers, args.saves, pool, fault_phase=False)
            lost = sum(1 for p in problems if p.startswith("text "))
            surfaced = counts["conflict"] + counts["saved"] == attempts
            failed |= any(k.startswith("error") for k in counts)
            print(f"   lost texts: {lost}; every conflict surfaced: {surfaced}")
            for p in problems[:10]:
                print(f"   PROBLEM: {p}")
            failed |= bool(problems) or not surfaced

            print(f"== faults: {args.fault_writers} writers x {args.fault_saves} saves,"
                  f" {args.restarts} server restarts")  # fmt: skip
            ws.close()
            fault_db = dbs.create(name="kb_bench_faults", template="kb_bench_team")
            roots = [
                _client_root(base, _as(fault_db, i), f"f{i}") for i in range(args.fault_writers)
            ]
            restarts: list[float] = []

            def restart_now() -> None:
                """Restart the server each time the writers have saved another batch,
                so that saves are in flight (not still starting up) when it goes down."""
                watch = create_engine(normalize_url(fault_db), pool_pre_ping=True)
                every = max(1, attempts // (args.restarts + 1))
                for n in range(1, args.restarts + 1):
                    while _fault_saves(watch) < n * every:
                        time.sleep(0.1)
                    t0 = time.perf_counter()
                    cluster.restart()
                    restarts.append(time.perf_counter() - t0)
                watch.dispose()

            attempts = args.fault_writers * args.fault_saves
            thread = threading.Thread(target=restart_now)
            thread.start()
            counts, secs = _run_writers(roots, args.fault_saves, pool, args.seed + 7, retry=True)
            thread.join()
            print(f"   outcomes: {_outcomes(counts)}")
            print(f"   restarts took {', '.join(f'{r:.1f} s' for r in restarts)}")
            print(f"   {attempts} saves in {secs:.1f} s: {attempts / secs:.0f} saves/s")
            fws = Workspace.open(_client_root(base, fault_db, "check"))
            problems = _verify(fws, args.fault_writers, args.fault_saves, pool, fault_phase=True)
            fws.close()
            unfinished = sum(v for k, v in counts.items() if k.startswith("error"))
            print(f"   partial revisions or lost texts: {len(problems)};", end=" ")
            print(f"unfinished saves: {unfinished}")
            for p in problems[:10]:
                print(f"   PROBLEM: {p}")
            failed |= bool(problems) or unfinished > 0 or len(restarts) != args.restarts
        dbs.close()
    finally:
        cluster.stop()
    print("FAILED" if failed else "all checks passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

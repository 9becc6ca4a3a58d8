"""A KB Studio client in its own process, for fault tests: saves one text, optionally
pausing inside the transaction (after the revision is written, before the commit) so
that the test can kill it or restart the server at exactly that point.

    python tests/team_client.py ROOT REF LOCALE ACTOR BODY [--base N] [--pause S --marker F]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event
from sqlalchemy.orm import Session

from kbstudio.domain.errors import KBError
from kbstudio.services.workspace import Workspace
from kbstudio.storage.models import RevisionRow


def main() -> int:
    ap = argparse.ArgumentParser()
    for name in ("root", "ref", "locale", "actor", "body"):
        ap.add_argument(name)
    ap.add_argument("--base", type=int)
    ap.add_argument("--pause", type=float, default=0.0)
    ap.add_argument("--marker", type=Path)
    ap.add_argument("--retries", type=int, default=0)
    args = ap.parse_args()
    paused = []

    def pause_once(session: Session, _ctx: object) -> None:
        if not paused and any(isinstance(o, RevisionRow) for o in session.new):
            paused.append(True)
            if args.marker is not None:
                args.marker.write_text("in transaction", encoding="utf-8")
            time.sleep(args.pause)

    if args.pause:
        event.listen(Session, "after_flush", pause_once)
    ws = Workspace.open(Path(args.root))
    for attempt in range(args.retries + 1):
        try:
            change = ws.edit(
                args.ref, locale=args.locale, body=args.body, actor=args.actor,
                base_revision=args.base,
            )  # fmt: skip
        except KBError as exc:
            print(f"attempt {attempt + 1}: error [{exc.code}]: {exc}", flush=True)
            time.sleep(0.5)  # give a restarting server a moment
            continue
        print(f"attempt {attempt + 1}: saved revision {change.revision}", flush=True)
        ws.close()
        return 0
    ws.close()
    return 1


if __name__ == "__main__":
    sys.exit(main())

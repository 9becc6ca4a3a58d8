"""A throwaway PostgreSQL cluster on 127.0.0.1 for the tests and the team benchmarks.

PostgreSQL refuses to run as root, so as root the cluster is created and started as an
ordinary system user (``postgres``, made by the Debian package) through ``runuser``.
Settings favour speed over durability (fsync off): the data is thrown away anyway.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

RUN_AS = os.environ.get("KBSTUDIO_TEST_PG_USER", "postgres")
SUPERUSER = "kbadmin"


def pg_bin_dir() -> Path:
    """The newest installed server's bin folder (Debian keeps them versioned)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if not found:
        raise RuntimeError(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): "
            "run `make sysdeps` (Debian package postgresql)"
        )
    return found[-1].parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PgCluster:
    """initdb, start, restart and stop one cluster in a private temporary folder."""

    def __init__(self) -> None:
        self.bin = pg_bin_dir()
        self.root = Path(tempfile.mkdtemp(prefix="kbstudio-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = _free_port()
        self._as_root = os.geteuid() == 0
        if self._as_root:
            shutil.chown(self.root, user=RUN_AS)
            self.root.chmod(0o700)

    @property
    def url(self) -> str:
        """The superuser's URL; tests create their databases through it."""
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/postgres"

    def _run(self, *argv: str) -> None:
        cmd = [str(self.bin / argv[0]), *argv[1:]]
        if self._as_root:
            cmd = ["runuser", "-u", RUN_AS, "--", *cmd]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            log = self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""
            raise RuntimeError(
                f"PostgreSQL: {' '.join(argv[:2])} failed ({done.returncode}):\n"
                f"{done.stdout}{done.stderr}{log}"
            )

    def start(self) -> PgCluster:
        self._run(
            "initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8",
            "--no-locale", "--no-sync",
        )  # fmt: skip
        self._ctl("start")
        return self

    def _ctl(self, verb: str) -> None:
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -c unix_socket_directories={self.root}"
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            " -c max_connections=120"
        )
        self._run("pg_ctl", verb, "-D", str(self.data), "-l", str(self.log), "-w", "-m", "fast",
                  "-o", options)  # fmt: skip

    def restart(self) -> None:
        """Restart the server (fast mode: open transactions are rolled back)."""
        self._ctl("restart")

    def stop_quietly(self) -> None:
        """Remove the folder of a cluster that never started."""
        shutil.rmtree(self.root, ignore_errors=True)

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

"""A throwaway PostgreSQL cluster for the operational store's tests (see tests/conftest.py)."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

PORT = 5432  # only names the socket file: the cluster listens on no TCP port


def _bin_dir() -> Path | None:
    env = os.environ.get("RAICES_PG_BIN")
    if env:
        return Path(env)
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))
    if found:
        return Path(found[-1])
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _as_postgres_user() -> tuple[int, int] | None:
    """uid and gid to drop to when running as root (PostgreSQL refuses to run as root)."""
    if os.geteuid() != 0:
        return None
    try:
        entry = pwd.getpwnam("postgres")
    except KeyError:
        return None
    return entry.pw_uid, entry.pw_gid


@dataclass
class Cluster:
    root: Path
    bin_dir: Path
    ids: tuple[int, int] | None

    @property
    def socket_dir(self) -> Path:
        return self.root

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://raices@/{database}?host={self.socket_dir}&port={PORT}"

    def new_database(self) -> str:
        """Create an empty database and return its SQLAlchemy URL."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:16]
        with psycopg.connect(
            host=str(self.socket_dir), port=PORT, user="raices", dbname="postgres", autocommit=True
        ) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        _run(
            [
                str(self.bin_dir / "pg_ctl"),
                "-D",
                str(self.root / "data"),
                "-m",
                "immediate",
                "stop",
            ],
            self.ids,
            check=False,
        )
        shutil.rmtree(self.root, ignore_errors=True)


def _run(command: list[str], ids: tuple[int, int] | None, *, check: bool = True) -> None:
    def drop() -> None:
        if ids is not None:
            os.setgid(ids[1])
            os.setuid(ids[0])

    subprocess.run(
        command,
        check=check,
        preexec_fn=drop if ids else None,  # noqa: PLW1509 - only drops privileges
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        timeout=120,
    )


def start_cluster() -> Cluster | None:
    """Initialise and start a cluster in a temporary folder; ``None`` when not possible."""
    bin_dir = _bin_dir()
    if bin_dir is None or not (bin_dir / "initdb").exists():
        return None
    ids = _as_postgres_user()
    if os.geteuid() == 0 and ids is None:
        return None
    root = Path(tempfile.mkdtemp(prefix="raices-pg-"))
    if ids is not None:
        os.chown(root, *ids)
    data = root / "data"
    try:
        _run(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-U",
                "raices",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-locale",
            ],
            ids,
        )
        options = (
            f"-k {root} -p {PORT} -c listen_addresses='' -c fsync=off "
            "-c full_page_writes=off -c synchronous_commit=off -c max_connections=60"
        )
        _run(
            [
                str(bin_dir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-w",
                "-t",
                "60",
                "-l",
                str(root / "log"),
                "start",
            ],
            ids,
        )
    except (subprocess.SubprocessError, OSError):
        shutil.rmtree(root, ignore_errors=True)
        return None
    return Cluster(root=root, bin_dir=bin_dir, ids=ids)

"""The PostgreSQL server the tests run the central on, and a database of its own for each test worker.

``./scripts/test`` starts a throwaway server (``scripts/postgres``) and sets ``ECARNET_TEST_POSTGRES`` to the
SQLAlchemy URL of its superuser's ``postgres`` database, and ``ECARNET_REQUIRE_POSTGRES=1``: then a test that
needs PostgreSQL fails, never skips, when there is none. A developer may point ``ECARNET_TEST_POSTGRES`` at a
server of their own (a superuser's URL: databases are created and dropped on it).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.conninfo import make_conninfo
from psycopg.rows import TupleRow
from sqlalchemy.engine import URL, make_url

SERVER_VARIABLE = "ECARNET_TEST_POSTGRES"
REQUIRED_VARIABLE = "ECARNET_REQUIRE_POSTGRES"
MAINTENANCE_DATABASE = "postgres"
MIN_VERSION = 15
_WORKER = re.compile(r"[a-z0-9_]{1,50}")


def server_url() -> str | None:
    """The SQLAlchemy URL of the test server's maintenance database, or None when none is configured."""
    return os.environ.get(SERVER_VARIABLE) or None


def required() -> bool:
    """Whether the tests must have PostgreSQL (``./scripts/test`` says so): missing, it is a failure."""
    return os.environ.get(REQUIRED_VARIABLE) == "1"


def installed_bin(lib: Path = Path("/usr/lib/postgresql")) -> Path | None:
    """The bin folder of the newest PostgreSQL ``scripts/postgres`` would use without installing, or None."""
    found = [(int(folder.parent.name), folder) for folder in lib.glob("*/bin")
             if folder.parent.name.isdigit() and (folder / "initdb").exists()]
    newest = max(found, default=None)
    return newest[1] if newest is not None and newest[0] >= MIN_VERSION else None


def worker_database(worker: str) -> str:
    """A new, empty database ``ecarnet_<worker>`` on the test server (dropped first if it was there), as a
    SQLAlchemy URL like the server's. ``worker`` is the xdist worker id (``gw0``...) or ``main``."""
    if not _WORKER.fullmatch(worker):
        raise ValueError(f"worker {worker!r}: expected 1 to 50 lower-case letters, digits or underscores (e.g. gw0)")
    configured = server_url()
    if configured is None:
        raise RuntimeError(f"{SERVER_VARIABLE} is not set, so there is no PostgreSQL server for the tests: run them "
                           "with ./scripts/test, which starts one, or set it to the SQLAlchemy URL of a superuser's "
                           "database on a server of your own")
    server = make_url(configured)
    name = f"ecarnet_{worker}"
    with _connect(server) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return server.set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    """Drops the database ``url`` names (its sessions are ended first); nothing happens if it is not there."""
    target = make_url(url)
    name = target.database
    if not name or name in (MAINTENANCE_DATABASE, "template0", "template1"):
        raise ValueError(f"refusing to drop the database {name!r} of {target!r}")
    with _connect(target) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def connect(url: URL | str, *, user: str | None = None) -> psycopg.Connection[TupleRow]:
    """An autocommit connection to the database ``url`` names, as its user or as ``user``."""
    url = make_url(url) if isinstance(url, str) else url
    options = {key: value for key, value in url.query.items() if isinstance(value, str)}  # e.g. ?host=/a/socket
    conninfo = make_conninfo(host=url.host, port=url.port, user=user or url.username, password=url.password,
                             dbname=url.database, connect_timeout=10, **options)
    return psycopg.connect(conninfo, autocommit=True)


def _connect(url: URL) -> psycopg.Connection[TupleRow]:
    """An autocommit connection to the maintenance database of the server ``url`` is on."""
    return connect(url.set(database=MAINTENANCE_DATABASE))

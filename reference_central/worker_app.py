"""The central served by several processes (``ecarnet-central serve --workers N``, PostgreSQL only): uvicorn starts
each worker by importing :func:`app`, which opens the database named in the environment the serving command set."""

from __future__ import annotations

import os

from fastapi import FastAPI

from reference_central.api import create_app
from reference_central.identity.secret_box import KEY_FILE_ENV
from reference_central.request_log import log_to_stderr
from reference_central.service import Central
from reference_central.store import Store

DB_ENV = "ECARNET_CENTRAL_DB"
"""The database's URL (or a SQLite file), when neither ``--db`` nor ``--db-url-file`` names one."""
TRAINING_ENV = "ECARNET_CENTRAL_WORKER_TRAINING"
WORKER_APP = f"{__name__}:app"


def worker_environment(store: Store, training: bool) -> dict[str, str]:
    """What a worker process needs to open the same database as ``store`` with the same key."""
    env = {DB_ENV: store.url.render_as_string(hide_password=False), TRAINING_ENV: "1" if training else "0"}
    if store.key_file is not None:
        env[KEY_FILE_ENV] = str(store.key_file)
    return env


def app() -> FastAPI:
    """One worker's application, logging like the serving command's own process."""
    log_to_stderr()
    store = Store(os.environ[DB_ENV])
    return create_app(Central(store, training=os.environ.get(TRAINING_ENV) == "1"))

"""Where the central's SQLite files live unless ``--db`` names another one.

Three databases, never the same file:

- the **demo** database is the workstation's embedded demo central's, in the workstation's data folder, so
  that a trainer who lists, resets or serves the demo with ``ecarnet-central`` works on the very carnets the
  desk's training shows;
- the **classroom** database is ``ecarnet-central classroom``'s, next to the demo's: a class is seeded there, never
  in the trainer's own demo;
- the **live** database is the one ``ecarnet-central serve`` (without ``--demo``) and ``token`` use.

All follow platformdirs, which honours ``XDG_DATA_HOME`` on Linux. The workstation (``ecarnet_tui``) takes
its application name and its demo database from here: the central may not import the workstation.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs

WORKSTATION_APP_NAME = "ecarnet"
"""The workstation's name for its configuration and data folders."""
CENTRAL_APP_NAME = "ecarnet-central"
"""The live central's name for its data folder."""
DEMO_DB_NAME = "demo-central.sqlite3"
LIVE_DB_NAME = "central.sqlite3"
CLASSROOM_DB_NAME = "classroom.sqlite3"
SHEET_NAME = "demo-codes-sheet.pdf"
"""The printable sheet of the demo's QR codes (``ecarnet-central demo-codes --qr DIR``)."""


def workstation_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(WORKSTATION_APP_NAME, appauthor=False))


def demo_db_path() -> Path:
    """The embedded demo central's database: ``demo-codes``, ``demo reset`` and ``serve --demo`` by default."""
    return workstation_data_dir() / DEMO_DB_NAME


def classroom_db_path() -> Path:
    """The classroom central's database (``classroom``): a training database of its own, next to the demo's, so
    that a class never wipes the trainer's own demo."""
    return workstation_data_dir() / CLASSROOM_DB_NAME


def live_db_path() -> Path:
    """The live central's database: ``serve`` and ``token`` by default."""
    return Path(platformdirs.user_data_dir(CENTRAL_APP_NAME, appauthor=False)) / LIVE_DB_NAME

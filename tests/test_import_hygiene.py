"""The core never imports the UI: checked in a fresh interpreter, so nothing else has loaded Textual."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE = {
    "carnet_domain": ["textual", "rich", "httpx", "fastapi", "sqlite3", "uvicorn"],
    "central_contract": ["textual", "rich", "httpx", "fastapi", "sqlite3", "uvicorn"],
    # httpx itself loads rich for its command line, so rich is not forbidden where httpx is used.
    "central_client": ["textual", "reference_central", "ecarnet_tui"],
    "offline_queue": ["textual", "ecarnet_tui"],
    "ecarnet_tui.scanner": ["textual"],
    "ecarnet_tui.printing": ["textual"],
    "ecarnet_tui.exports": ["textual"],
    "reference_central": ["textual", "ecarnet_tui"],
}


def _modules_of(package: str) -> list[str]:
    import importlib
    import pkgutil

    root = importlib.import_module(package)
    names = [package]
    for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}."):
        if not info.name.endswith(".migrations.env"):  # Alembic's script, run by Alembic only
            names.append(info.name)
    return names


@pytest.mark.parametrize("package", sorted(CORE))
def test_core_package_does_not_load_forbidden_modules(package: str) -> None:
    modules = _modules_of(package)
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(run.stdout.split())
    for forbidden in CORE[package]:
        offenders = sorted(m for m in loaded if m == forbidden or m.startswith(forbidden + "."))
        assert not offenders, f"{package} loads {forbidden}: {offenders[:5]}"
    assert len(modules) >= 1

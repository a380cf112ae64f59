"""Keys that arrive together — a keyboard-wedge scanner that types a Tab or an Enter between the carnet and the code,
a paste, an SSH link that delivers several keys in one packet — land in the fields they were meant for. Driven in a
real pseudo-terminal, the whole burst written at once (Pilot would hand the keys over one by one)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from carnet_domain.payload import TransactionPayload
from reference_central.demo.seed import demo_codes
from reference_central.locations import demo_db_path
from reference_central.store import Store
from tests.terminal.pty_desk import PtyDesk


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[PtyDesk]:
    running = PtyDesk(tmp_path)
    try:
        running.sign_in_as_trainee()
        running.wait_for(lambda text: "Last transactions at this office" in text and "Officer:" in text)
        running.write(b"\x0c")  # the desk settled after sign-in (where the focus lands then is a known gap)
        running.pump(0.5)
        yield running
    finally:
        running.close()  # also when the desk never came up: no program left running


def code_of(home: Path, carnet_id: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The demo transaction code of ``carnet_id`` in the desk's own embedded demo database."""
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    store = Store(demo_db_path())
    try:
        return next(c.transaction_code for c in demo_codes(store) if c.trainee == 0 and c.carnet_id == carnet_id)
    finally:
        store.close()


def fields(desk: PtyDesk) -> tuple[str, str]:
    carnet = desk.line_of("Carnet ID/Number").removeprefix(" Carnet ID/Number").strip()
    code = desk.line_of("Transaction code").removeprefix(" Transaction code").strip()
    return carnet, code


@pytest.mark.parametrize("separator", [b"\t", b"\r"], ids=["tab", "enter"])
def test_carnet_separator_and_code_in_one_burst_fill_both_fields(
    desk: PtyDesk, tmp_path: Path, separator: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = code_of(tmp_path, "120003", monkeypatch)
    for _ in range(5):  # five times out of five
        desk.write(b"\x0c")  # Ctrl+L: an empty form
        desk.wait_for(lambda _text: fields(desk)[0].startswith("scan the QR"))
        desk.write(b"120003" + separator + code.encode())
        desk.wait_for(lambda _text: fields(desk) == ("120003", code), timeout=15)
    desk.write(b"\r")
    shown = desk.wait_for(lambda text: "Carnet ID 120003 · number FRDEMO260003" in text)
    assert "2 Check carnet" in shown


def test_a_whole_qr_payload_and_enter_in_one_burst_is_looked_up(
    desk: PtyDesk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    payload = TransactionPayload("120003", code_of(tmp_path, "120003", monkeypatch), training=True).encode()
    desk.write(payload.encode() + b"\r")
    desk.wait_for(lambda text: "Carnet ID 120003 · number FRDEMO260003" in text)

"""The server's console end to end: ``ecarnet-central admin|workstation|policy|token`` on a live database, and what
it did seen through the central's real routes (a sign-in with the password and an authenticator's code, computed
with pyotp from the secret the central gave at enrolment)."""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from carnet_domain.organisation import Role
from central_contract.identity import SessionIssued, SignInNeed
from reference_central import records
from reference_central.cli import main
from reference_central.clock import SettableClock
from reference_central.database_kind import LIVE, kind_at
from reference_central.demo.seed import seed_demo
from reference_central.identity.passwords import CHEAP_PROFILE
from reference_central.server import BackgroundCentral
from reference_central.service import Central
from reference_central.store import Store
from tests.api.helpers import assert_refused
from tests.sign_in_steps import code_at, complete, first_factor, sign_in

PASSWORD = "granite lantern orbit 47"
NEW_PASSWORD = "copper kettle meadow 19"
OFFICE = ["--office", "gva", "--office-name", "Genève Aéroport", "--timezone", "Europe/Zurich", "--region", "ch-ge",
          "--region-name", "Genève", "--country", "CH", "--territory", "CH", "--territory-name", "Switzerland"]
STEP = timedelta(seconds=30)
"""An authenticator's code is good once: the next sign-in of the same account waits for the next one."""


def _files(db: Path) -> dict[str, bytes]:
    found = (db.with_name(db.name + tail) for tail in ("", "-wal", "-shm"))
    return {path.name: path.read_bytes() for path in found if path.exists()}


@dataclass
class Console:
    """``ecarnet-central --db DB ...`` run in this process, its output captured."""

    db: Path
    capsys: pytest.CaptureFixture[str]
    monkeypatch: pytest.MonkeyPatch

    def __call__(self, *args: str, stdin: str = "") -> tuple[int, str, str]:
        self.capsys.readouterr()
        self.monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        status = main(["--db", str(self.db), *args])
        out, err = self.capsys.readouterr()
        return status, out, err

    def create_admin(self, account: str = "root", password: str = PASSWORD) -> tuple[int, str, str]:
        return self("admin", "create", account, "--name", "Root Admin", "--email", f"{account}@customs.example",
                    *OFFICE, "--password-stdin", stdin=password + "\n")


@pytest.fixture
def console(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Console:
    return Console(tmp_path / "live" / "central.sqlite3", capsys, monkeypatch)


@dataclass
class Live:
    """A live central serving the console's database on loopback, its clock settable."""

    console: Console
    clock: SettableClock
    http: httpx.Client

    def next_code(self) -> None:
        self.clock.advance(STEP)

    def enrol(self, account: str = "root", password: str = PASSWORD) -> tuple[str, SessionIssued]:
        """The first sign-in: the password, then the authenticator added with the central's secret."""
        step, session = sign_in(self.http, account, password, secret="", at=self.clock())
        assert step.needs == [SignInNeed.TOTP_ENROLMENT] and step.enrolment is not None
        assert len(session.recovery_codes) == 8
        return step.enrolment.secret, session

    def get(self, path: str, token: str) -> httpx.Response:
        return self.http.get(path, headers={"Authorization": f"Bearer {token}"})

    def post(self, path: str, token: str, body: dict[str, object]) -> httpx.Response:
        return self.http.post(path, json=body, headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def live(console: Console) -> Iterator[Live]:
    status, _, err = console.create_admin()
    assert status == 0, err
    clock = SettableClock(datetime.now(UTC))
    store = Store(console.db)
    server = BackgroundCentral(Central(store, clock, profile=CHEAP_PROFILE))
    server.start()
    with httpx.Client(base_url=server.url) as http:
        yield Live(console, clock, http)
    server.stop()
    store.close()


# --- admin create ------------------------------------------------------------------------------------------


def test_admin_create_makes_a_live_central_whose_admin_signs_in_and_registers_a_workstation(tmp_path: Path) -> None:
    db = tmp_path / "new" / "central.sqlite3"
    made = subprocess.run(
        [sys.executable, "-m", "reference_central.cli", "--db", str(db), "admin", "create", "root", "--name",
         "Root Admin", *OFFICE, "--password-stdin"],
        input=PASSWORD + "\n", capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    assert f"Admin root created at gva in {db} (a live database)." in made.stdout
    assert kind_at(db) == LIVE
    store = Store(db)
    with store.transaction() as conn:
        territory, region, office = records.territory(conn, "CH"), records.region(conn, "ch-ge"), \
            records.office(conn, "gva")
        admin = records.account(conn, "root")
    assert territory is not None and territory.name == "Switzerland"
    assert region is not None and (region.name, region.country, region.territory) == ("Genève", "CH", "CH")
    assert office is not None and (office.name, office.timezone, office.region_id) == (
        "Genève Aéroport", "Europe/Zurich", "ch-ge")
    assert admin is not None and (admin.role, admin.office_id, admin.display_name) == (
        Role.ADMIN, "gva", "Root Admin")

    clock = SettableClock(datetime.now(UTC))
    with BackgroundCentral(Central(store, clock, profile=CHEAP_PROFILE)) as server, \
            httpx.Client(base_url=server.url) as http:
        step, session = sign_in(http, "root", PASSWORD, secret="", at=clock())
        assert step.needs == [SignInNeed.TOTP_ENROLMENT] and step.enrolment is not None
        assert step.enrolment.uri.startswith("otpauth://totp/") and session.offline is None
        assert session.me.account.role is Role.ADMIN and session.me.training is False
        secret = step.enrolment.secret
        registered = http.post("/v1/workstations", json={"name": "Desk 1", "office_id": "gva"},
                               headers={"Authorization": f"Bearer {session.token}"})
        assert registered.status_code == 201, registered.text
        key = registered.json()["key"]

        clock.advance(STEP)
        at_desk = first_factor(http, "root", PASSWORD, key)
        assert at_desk.needs == [SignInNeed.TOTP]
        opened = complete(http, at_desk, code_at(secret, clock()), workstation_key=key)
        assert opened.status_code == 200, opened.text
        issued = SessionIssued.model_validate_json(opened.content)
        assert issued.offline is not None and issued.me.workstation_id == registered.json()["workstation"][
            "workstation_id"]
    store.close()


def test_a_weak_password_is_refused_and_nothing_is_created(console: Console) -> None:
    status, out, err = console.create_admin(password="short")
    assert (status, out) == (1, "")
    assert "Refused: That password cannot be used: at least 12 characters are needed" in err
    assert "Nothing was created." in err
    assert not console.db.parent.exists()
    status, _, err = console.create_admin(password="password1234")
    assert status == 1 and "one of the passwords tried first by anyone guessing" in err
    status, _, err = console.create_admin(password="root is my name ok")
    assert status == 1 and "must not contain the account's name" in err
    assert not console.db.parent.exists()


def test_a_new_database_needs_the_office_and_its_region_and_nothing_is_left_behind(console: Console) -> None:
    status, _, err = console("admin", "create", "root", "--name", "Root", "--office", "gva", "--password-stdin",
                             stdin=PASSWORD + "\n")
    assert status == 1 and "There is no office gva yet. To create it give its region with --region" in err
    status, _, err = console("admin", "create", "root", "--name", "Root", "--office", "gva", "--region", "ch-ge",
                             "--country", "CHE", "--territory", "CH", "--password-stdin", stdin=PASSWORD + "\n")
    assert status == 1 and "--country 'CHE' cannot be used: the country's two-letter ISO code, e.g. CH." in err
    status, _, err = console("admin", "create", "Root", "--name", "Root", *OFFICE, "--password-stdin",
                             stdin=PASSWORD + "\n")
    assert status == 1 and "the account ID 'Root' cannot be used: 2 to 64 characters: lower-case letters" in err
    assert not console.db.parent.exists()


def test_an_existing_account_is_refused_and_the_database_is_unchanged(live: Live) -> None:
    console = live.console
    before = Store(console.db)
    with before.transaction() as conn:
        accounts = records.accounts(conn)
    before.close()
    status, out, err = console.create_admin()
    assert (status, out) == (1, "")
    assert "Refused: The account root already exists: nothing was changed." in err
    status, _, err = console("admin", "create", "second", "--name", "Second", "--office", "gva", "--territory", "EU",
                             "--region", "ch-ge", "--password-stdin", stdin=PASSWORD + "\n")
    assert status == 0, err  # an existing office: its region is not created again, --territory not needed
    status, _, err = console("admin", "create", "third", "--name", "Third", "--office", "orly", "--region", "ch-ge",
                             "--territory", "EU", "--password-stdin", stdin=PASSWORD + "\n")
    assert status == 1 and "The region ch-ge is in the customs territory CH, not EU" in err
    after = Store(console.db)
    with after.transaction() as conn:
        assert [a.account_id for a in records.accounts(conn)] == sorted([*(a.account_id for a in accounts), "second"])
        assert records.office(conn, "orly") is None
    after.close()


def test_the_console_refuses_a_training_database_and_leaves_it_unchanged(console: Console, tmp_path: Path) -> None:
    demo = tmp_path / "demo.sqlite3"
    store = Store(demo)
    seed_demo(store, datetime.now(UTC), profile=CHEAP_PROFILE)
    store.close()
    before = _files(demo)
    training = Console(demo, console.capsys, console.monkeypatch)
    status, _, err = training.create_admin()
    assert status == 3 and f"Refused: {demo} is a training database: the server's console works on a live" in err
    for command in (["workstation", "list"], ["policy", "idle_minutes=5"], ["admin", "reset-mfa", "admin"],
                    ["token", "admin", "--groups", "logs"]):
        assert training(*command)[0] == 3, command
    assert _files(demo) == before


def test_console_commands_on_a_database_that_does_not_exist_create_nothing(console: Console) -> None:
    for command in (["workstation", "list"], ["policy"], ["admin", "reset-password", "root"]):
        status, _, err = console(*command)
        assert status == 1 and f"there is no database at {console.db}" in err and "admin create" in err
    assert not console.db.parent.exists()


# --- break-glass resets ------------------------------------------------------------------------------------


def test_reset_mfa_ends_the_sessions_and_the_next_sign_in_enrols_again(live: Live) -> None:
    _, session = live.enrol()
    assert live.get("/v1/me", session.token).status_code == 200
    status, out, err = live.console("admin", "reset-mfa", "root")
    assert status == 0, err
    assert "root enrols a new authenticator at the next sign-in; its sessions have ended." in out
    assert_refused(live.get("/v1/me", session.token), 401, "session_expired")
    live.next_code()
    again = first_factor(live.http, "root", PASSWORD)
    assert again.needs == [SignInNeed.TOTP_ENROLMENT] and again.enrolment is not None
    assert live.console("admin", "reset-mfa", "nobody")[2].startswith("Refused: There is no such account (nobody).")


def test_reset_password_gives_a_code_that_signs_in_once_and_asks_for_a_new_password(live: Live) -> None:
    secret, session = live.enrol()
    status, out, err = live.console("admin", "reset-password", "root")
    assert status == 0, err
    code = out.split("Set-password code for root: ")[1].split()[0]
    assert "once: typed as the password at the next sign-in, which then asks for a new password" in out
    assert_refused(live.get("/v1/me", session.token), 401, "session_expired")

    live.next_code()
    assert_refused(live.http.post("/v1/sign-in", json={"account": "root", "password": PASSWORD}), 401,
                   "sign_in_failed")  # the old password stopped working
    step = first_factor(live.http, "root", code.lower())  # dashes and letter case do not matter
    assert set(step.needs) == {SignInNeed.NEW_PASSWORD, SignInNeed.TOTP}
    assert_refused(complete(live.http, step, code_at(secret, live.clock())), 422, "weak_password")  # none chosen
    step = first_factor(live.http, "root", code)
    opened = complete(live.http, step, code_at(secret, live.clock()), NEW_PASSWORD)
    assert opened.status_code == 200, opened.text

    live.next_code()
    assert_refused(live.http.post("/v1/sign-in", json={"account": "root", "password": code}), 401, "sign_in_failed")
    assert first_factor(live.http, "root", NEW_PASSWORD).needs == [SignInNeed.TOTP]


# --- workstations ------------------------------------------------------------------------------------------


def test_workstations_are_added_listed_and_revoked_at_the_console(live: Live) -> None:
    secret, _ = live.enrol()
    assert live.console("workstation", "list")[1] == "No workstation is registered.\n"
    status, out, err = live.console("workstation", "add", "Desk 1", "--office", "gva")
    assert status == 0, err
    key = out.split("Its key, shown once: ")[1].split()[0]
    assert "Workstation ws-1 (Desk 1) registered at gva." in out
    listed = live.console("workstation", "list")[1].splitlines()
    assert listed[1].split() == ["ws-1", "gva", "active", "Desk", "1"]

    live.next_code()
    step = first_factor(live.http, "root", PASSWORD, key)
    opened = SessionIssued.model_validate_json(complete(live.http, step, code_at(secret, live.clock()),
                                                        workstation_key=key).content)
    assert opened.offline is not None and opened.me.workstation_id == "ws-1"

    status, out, _ = live.console("workstation", "revoke", "ws-1")
    assert status == 0 and "Workstation ws-1 (Desk 1) revoked: its sessions have ended" in out
    assert "revoked" in live.console("workstation", "list")[1].splitlines()[1]
    assert_refused(live.get("/v1/me", opened.token), 401, "session_expired")
    live.next_code()
    assert_refused(live.http.post("/v1/sign-in", json={"account": "root", "password": PASSWORD},
                                  headers={"X-Ecarnet-Workstation": key}), 403, "workstation_revoked")
    assert "was already revoked" in live.console("workstation", "revoke", "ws-1")[1]
    status, _, err = live.console("workstation", "add", "Desk 2", "--office", "nowhere")
    assert status == 1 and err == "Refused: There is no such customs office (nowhere).\n"
    status, _, err = live.console("workstation", "revoke", "ws-9")
    assert status == 1 and err == "Refused: There is no such workstation (ws-9).\n"


# --- the identity policy -----------------------------------------------------------------------------------


def test_the_policy_is_shown_and_set_and_bad_values_are_refused_with_their_range(live: Live) -> None:
    status, out, _ = live.console("policy")
    assert status == 0
    assert "idle_minutes       30     (1-1440)" in out and "mfa_required       true   (true or false)" in out

    status, out, err = live.console("policy", "idle_minutes=20", "lock_after=2")
    assert status == 1 and err == "Refused: lock_after is a whole number from 3 to 100. Nothing was changed.\n"
    assert "idle_minutes       30 " in live.console("policy")[1]  # the good one before it was not kept either
    status, _, err = live.console("policy", "mfa_required=maybe")
    assert status == 1 and "mfa_required is true or false" in err
    status, _, err = live.console("policy", "idle=20")
    assert status == 1 and "unknown setting 'idle'; known: mfa_required, idle_minutes" in err
    status, _, err = live.console("policy", "idle_minutes")
    assert status == 1 and "'idle_minutes' is not NAME=VALUE" in err

    status, out, err = live.console("policy", "idle_minutes=20", "offline_days=3")
    assert status == 0, err
    assert "idle_minutes       20 " in out and "offline_days       3 " in out
    _, session = live.enrol()  # the running central applies it at once
    assert session.idle_minutes == 20


# --- integration tokens ------------------------------------------------------------------------------------


def test_a_token_is_issued_to_an_integration_account_for_its_groups_only(live: Live) -> None:
    _, admin = live.enrol()
    created = live.post("/v1/accounts", admin.token, {
        "account_id": "gateway", "display_name": "Customs gateway", "role": "officer", "office_id": "gva",
        "kind": "integration"})
    assert created.status_code == 201, created.text

    status, out, err = live.console("token", "gateway", "--groups", "organisation", "--days", "30")
    assert status == 0, err
    token = out.strip()
    assert token.startswith("ect_") and "\n" not in token
    assert "Token for gateway, shown once: groups organisation; offices gva; until " in err
    assert live.get("/v1/offices", token).status_code == 200
    assert_refused(live.get("/v1/holds", token), 403, "token_scope")

    status, out, err = live.console("token", "root", "--groups", "organisation")
    assert (status, out) == (1, "")
    assert err.startswith("No token issued: Tokens are issued to integration accounts only")
    status, _, err = live.console("token", "gateway", "--groups", "identity")
    assert status == 1 and "unknown route groups ['identity']" in err
    status, _, err = live.console("token", "gateway", "--groups", "logs", "--days", "0")
    assert status == 1 and err == "No token issued: --days: Input should be greater than or equal to 1.\n"
    status, _, err = live.console("admin", "reset-password", "gateway")
    assert status == 1 and "gateway is an integration account: it has tokens, not a password" in err

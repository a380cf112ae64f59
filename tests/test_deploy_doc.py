"""docs/deploy.md cannot drift from the central: every ``ecarnet-central`` command it shows (and the README's) parses
with the real parser, its systemd unit passes ``systemd-analyze verify`` (and ``security``), and its PostgreSQL
recipe runs end to end on the test server: the roles and database its SQL makes, ``db upgrade`` and ``db grant`` as
the owner, the unit's ``serve`` command as the central's role over HTTPS with two workers, the first admin signing in,
``/v1/health`` going 503 while the database refuses the central and 200 again after ``db grant``, ``audit verify``,
then ``pg_dump -Fc`` and ``pg_restore`` into a new database that ``db status`` calls ready."""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import re
import shlex
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyotp
import pytest
from psycopg import sql
from sqlalchemy import make_url

from central_client.http import HttpCentral
from reference_central.cli import _parser
from reference_central.self_signed import self_signed
from tests import postgres
from tests.api.identity_helpers import STRONG, bearer, complete, session_of, start, step_of

ROOT = Path(__file__).parent.parent
DOC = ROOT / "docs" / "deploy.md"
CENTRAL = [sys.executable, "-m", "reference_central.cli"]
INSTALLED = "/opt/ecarnet/bin/ecarnet-central"
PLACEHOLDER = re.compile(r"<[^<>\s][^<>]*>")
"""How the doc marks what the reader replaces: ``<path-to>``."""
CONNECTION = {"-h", "-p", "-U", "-d", "-f"}
"""PostgreSQL tools' options naming the server, the role, the database and the file: the test gives its own."""
SHELL_OPERATORS = {"|", "||", "&", "&&", ";", ">", ">>", "<", "2>", "2>&1"}
_FENCE = re.compile(r"^(?P<indent> *)```(?P<lang>[a-z]*)\n(?P<body>.*?)^(?P=indent)```", re.M | re.S)


def blocks(text: str, language: str) -> list[str]:
    """The fenced blocks of ``language`` in a markdown text, unindented."""
    found = []
    for match in _FENCE.finditer(text):
        if match["lang"] == language:
            indent = len(match["indent"])
            found.append("".join(line[indent:] for line in match["body"].splitlines(keepends=True)))
    return found


def shell_lines(block: str) -> list[str]:
    """A shell block's command lines, each continued line (``\\``) joined to the next."""
    return [line.strip() for line in block.replace("\\\n", " ").splitlines() if line.strip()]


def words(line: str) -> list[str]:
    """A command line's words, up to its first shell operator, without its comment."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    found: list[str] = []
    for word in lexer:
        if word in SHELL_OPERATORS:
            break
        found.append(word)
    return found


def central_commands(text: str) -> tuple[list[list[str]], list[str]]:
    """The arguments of every ``ecarnet-central`` command in the text's shell blocks, and the lines skipped for
    a placeholder."""
    commands, skipped = [], []
    for block in blocks(text, "sh"):
        for line in shell_lines(block):
            said = words(line)
            while said and re.fullmatch(r"[A-Z_]+=.*", said[0]):
                said = said[1:]  # VARIABLE=value before the command
            if not said or Path(said[0]).name != "ecarnet-central":
                continue
            if PLACEHOLDER.search(line):
                skipped.append(line)
            else:
                commands.append(said[1:])
    return commands, skipped


def unparsed(commands: list[list[str]]) -> list[str]:
    """The commands the central's parser refuses, each with what it said."""
    refused = []
    for args in commands:
        said = io.StringIO()
        with contextlib.redirect_stderr(said), contextlib.redirect_stdout(io.StringIO()):
            try:
                _parser().parse_args(args)
            except SystemExit:
                refused.append(f"{shlex.join(args)}: {said.getvalue().strip()}")
    return refused


def unit_text() -> str:
    units = [b for b in blocks(DOC.read_text(), "ini") if "[Service]" in b]
    assert len(units) == 1, "docs/deploy.md shows one systemd unit, in an ini block"
    return units[0]


def exec_start() -> list[str]:
    line = next(line for line in unit_text().splitlines() if line.startswith("ExecStart="))
    return shlex.split(line.removeprefix("ExecStart="))


def test_every_central_command_of_the_deploy_doc_parses() -> None:
    commands, skipped = central_commands(DOC.read_text())
    assert len(commands) >= 12, commands  # every section's commands
    assert all(s.startswith("ecarnet-central ") and "<" in s for s in skipped) and len(skipped) <= 2, skipped
    served = exec_start()
    assert served[0] == INSTALLED  # where section 1 installs it
    commands.append([a.replace("%d", "/run/credentials/ecarnet-central.service") for a in served[1:]])
    assert unparsed(commands) == []


def test_every_central_command_of_the_readme_parses() -> None:
    commands, _ = central_commands((ROOT / "README.md").read_text())
    assert len(commands) >= 15, commands
    assert unparsed(commands) == []


def test_a_command_the_parser_refuses_is_caught() -> None:
    text = "```sh\necarnet-central db grant   # no role\necarnet-central --db x db frobnicate\n```\n"
    commands, _ = central_commands(text)
    assert [line.split(":")[0] for line in unparsed(commands)] == ["db grant", "--db x db frobnicate"]


def _systemd_analyze() -> str:
    found = shutil.which("systemd-analyze")
    if found is None:
        pytest.skip("systemd-analyze is not installed here (Debian package systemd): the unit is not verified")
    return found


def _unit_file(folder: Path) -> Path:
    """The doc's unit as a file, starting the central this test runs (systemd checks that the program exists)."""
    real = Path(sys.executable).with_name("ecarnet-central")
    assert real.exists(), real
    unit = folder / "ecarnet-central.service"
    unit.write_text(unit_text().replace(INSTALLED, str(real)))
    return unit


def test_the_deploy_doc_s_unit_passes_systemd_analyze_verify(tmp_path: Path) -> None:
    analyze = _systemd_analyze()
    checked = subprocess.run([analyze, "verify", str(_unit_file(tmp_path))], capture_output=True, text=True,
                             timeout=60)
    assert (checked.returncode, checked.stdout + checked.stderr) == (0, "")  # a warning is a failure too
    broken = tmp_path / "broken"
    broken.mkdir()
    typo = _unit_file(broken)
    typo.write_text(typo.read_text().replace("NoNewPrivileges=", "NoNewPrivilege="))
    caught = subprocess.run([analyze, "verify", str(typo)], capture_output=True, text=True, timeout=60)
    assert "Unknown key 'NoNewPrivilege'" in caught.stderr  # what the check above would have shown


def test_the_deploy_doc_s_unit_is_hardened(tmp_path: Path) -> None:
    analyze = _systemd_analyze()
    rated = subprocess.run([analyze, "security", "--offline=yes", "--threshold=20", str(_unit_file(tmp_path))],
                           capture_output=True, text=True, timeout=60)
    if "--offline" in rated.stderr and "unrecognized" in rated.stderr:
        pytest.skip(f"this systemd-analyze cannot rate a unit file (systemd 250 or newer can): {rated.stderr}")
    overall = re.search(r"Overall exposure level for \S+: ([0-9.]+)", rated.stdout)
    assert overall is not None, rated.stdout + rated.stderr
    assert rated.returncode == 0 and float(overall[1]) <= 2.0, rated.stdout[-3000:]  # "OK": 1.3 as written


# --- The PostgreSQL recipe, end to end --------------------------------------------------------------------------


@dataclass
class Recipe:
    """The doc's names, made unique on the test server: roles, databases and the owner's URL."""

    server: str
    owner: str
    app: str
    database: str
    restored: str
    folder: Path

    def url(self, user: str, database: str | None = None) -> str:
        return make_url(self.server).set(username=user, database=database or self.database).render_as_string(
            hide_password=False)

    def named(self, text: str) -> str:
        """The doc's text with this recipe's names."""
        for doc_name, ours in (("ecarnet_owner", self.owner), ("central_app", self.app),
                               ("ecarnet_restored", self.restored), ("ecarnet", self.database)):
            text = re.sub(rf"\b{doc_name}\b", ours, text)
        return text


def _server() -> str:
    configured = postgres.server_url()
    if configured is None:
        if postgres.required():
            pytest.fail("ECARNET_REQUIRE_POSTGRES is set but no PostgreSQL server is (ECARNET_TEST_POSTGRES)")
        pytest.skip("no PostgreSQL server for the tests: ./scripts/test starts one (ECARNET_TEST_POSTGRES)")
    return configured


@pytest.fixture
def recipe(tmp_path: Path) -> Iterator[Recipe]:
    server = _server()
    tag = uuid.uuid4().hex[:8]
    made = Recipe(server, f"deploy_owner_{tag}", f"deploy_app_{tag}", f"deploy_{tag}", f"deploy_{tag}_restored",
                  tmp_path)
    try:
        yield made
    finally:
        for database in (made.database, made.restored):
            postgres.drop_database(made.url("postgres", database))
        with postgres.connect(make_url(server)) as conn:
            for role in (made.app, made.owner):
                conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


def _run(*args: str, env: dict[str, str] | None = None, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CENTRAL, *args], capture_output=True, text=True, input=stdin, timeout=120,
                          env={**os.environ, **(env or {})})


def _ok(*args: str, env: dict[str, str] | None = None, stdin: str = "") -> str:
    done = _run(*args, env=env, stdin=stdin)
    assert done.returncode == 0, f"{shlex.join(args)}: {done.stdout}{done.stderr}"
    return done.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _health(base: str, certfile: Path) -> int:
    try:
        return httpx.get(f"{base}/v1/health", verify=ssl.create_default_context(cafile=certfile), timeout=5).status_code
    except httpx.TransportError:
        return 0


def _until_health(base: str, certfile: Path, status: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while _health(base, certfile) != status:
        assert process.poll() is None, log.read_text()[-3000:]
        assert time.monotonic() < deadline, f"/v1/health never answered {status}: {log.read_text()[-3000:]}"
        time.sleep(0.1)


def _pg_tool(name: str) -> str:
    folder = postgres.installed_bin()
    if folder is None or not (folder / name).exists():
        pytest.skip(f"{name} of PostgreSQL {postgres.MIN_VERSION}+ is not installed (/usr/lib/postgresql/N/bin)")
    return str(folder / name)


def _pg_connection(recipe: Recipe, user: str) -> list[str]:
    url = make_url(recipe.server)
    host = url.query.get("host") or url.host or "127.0.0.1"
    return ["-h", str(host), "-p", str(url.port or 5432), "-U", user]


def _doc_command(text: str, starts: str) -> list[str]:
    """The doc's ``ecarnet-central`` command whose arguments start with ``starts`` (e.g. "admin create")."""
    commands, _ = central_commands(text)
    for args in commands:
        joined = shlex.join(args)
        if f" {starts} " in f" {joined} ":
            return args
    raise AssertionError(f"docs/deploy.md shows no `ecarnet-central ... {starts}`")


def _doc_flags(text: str, tool: str) -> list[str]:
    """The options the doc gives ``tool`` (``pg_dump``, ``pg_restore``) besides where to connect and what to name."""
    line = next(line for b in blocks(text, "sh") for line in shell_lines(b) if line.startswith(f"{tool} "))
    said = words(line)
    return [w for n, w in enumerate(said) if w.startswith("-") and w not in CONNECTION
            and said[n - 1] not in CONNECTION]


def test_the_documented_postgresql_recipe_runs_end_to_end(recipe: Recipe) -> None:
    pg_dump, pg_restore = _pg_tool("pg_dump"), _pg_tool("pg_restore")
    doc = DOC.read_text()
    setup = next(b for b in blocks(doc, "sql") if "CREATE ROLE" in b)
    with postgres.connect(make_url(recipe.server).set(database=postgres.MAINTENANCE_DATABASE)) as conn:
        for line in recipe.named(setup).splitlines():
            if line.strip() and not line.startswith("\\"):  # \password: psql's, asked at the keyboard
                conn.execute(line)  # the doc's statements, with our names

    owner_url = recipe.folder / "owner.url"
    owner_url.write_text(recipe.url(recipe.owner) + "\n")
    owner_url.chmod(0o600)
    upgraded = _ok("--db-url-file", str(owner_url), "db", "upgrade")
    assert "`ecarnet-central db grant ROLE`" in upgraded, upgraded
    _ok("--db-url-file", str(owner_url), "db", "grant", recipe.app)
    assert "is at revision" in _ok("--db-url-file", str(owner_url), "db", "status")

    state = recipe.folder / "state"
    state.mkdir(mode=0o700)
    credentials = recipe.folder / "credentials"
    credentials.mkdir()
    certfile, keyfile = self_signed(recipe.folder, host="127.0.0.1")
    shutil.copy(certfile, credentials / "tls.pem")
    shutil.copy(keyfile, credentials / "tls.key")
    port = _free_port()
    served = [a.replace("%d", str(credentials)) for a in exec_start()[1:]]
    served[served.index("--host") + 1], served[served.index("--port") + 1] = "127.0.0.1", str(port)
    assert served[served.index("--workers") + 1] == "2"
    service_env = {"ECARNET_CENTRAL_DB": recipe.url(recipe.app), "ECARNET_CENTRAL_KEY_FILE": str(state / "central.key")}
    log = recipe.folder / "central.log"
    with log.open("wb") as out:
        process = subprocess.Popen([*CENTRAL, *served], env={**os.environ, **service_env}, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    base = f"https://127.0.0.1:{port}"
    try:
        _until_health(base, credentials / "tls.pem", 200, process, log)
        assert (state / "central.key").stat().st_mode & 0o777 == 0o600  # the first start made the key

        console_env = {"ECARNET_CENTRAL_KEY_FILE": str(state / "central.key")}
        admin = _doc_command(doc, "admin create")
        admin[admin.index("--db-url-file") + 1] = str(owner_url)
        _ok(*admin, "--password-stdin", env=console_env, stdin=STRONG + "\n")
        account = admin[admin.index("create") + 1]

        async def desk_health() -> str:  # the workstation, trusting the central through its ca_bundle
            central = HttpCentral(base, ca_bundle=credentials / "tls.pem")
            try:
                return (await central.health()).status
            finally:
                await central.aclose()

        assert asyncio.run(desk_health()) == "ok"
        trusted = ssl.create_default_context(cafile=credentials / "tls.pem")
        with httpx.Client(base_url=base, verify=trusted, timeout=30) as http:
            step = step_of(start(http, account, STRONG))
            assert step.enrolment is not None, step  # the first sign-in adds the central to an authenticator
            session = session_of(complete(http, step.challenge, pyotp.TOTP(step.enrolment.secret).now()))
            assert http.get("/v1/me", headers=bearer(session.token)).status_code == 200

        with postgres.connect(make_url(recipe.server).set(database=recipe.database)) as conn:
            conn.execute(sql.SQL("REVOKE CONNECT ON DATABASE {} FROM {}").format(
                sql.Identifier(recipe.database), sql.Identifier(recipe.app)))
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s", (recipe.app,))
        _until_health(base, credentials / "tls.pem", 503, process, log)  # the database refuses the central
        _ok("--db-url-file", str(owner_url), "db", "grant", recipe.app)
        _until_health(base, credentials / "tls.pem", 200, process, log)  # and takes it back
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(30)
    logged = log.read_text()
    assert '"route": "/v1/sign-in/complete", "status": 200' in logged, logged[-3000:]
    assert '"route": "/v1/health", "status": 503' in logged, logged[-3000:]

    verified = _ok("audit", "verify", env=service_env)  # as the central's own role
    assert "intact" in verified and "BROKEN" not in verified, verified

    dump = recipe.folder / "central.dump"
    subprocess.run([pg_dump, *_doc_flags(doc, "pg_dump"), *_pg_connection(recipe, recipe.owner),
                    "-d", recipe.database, "-f", str(dump)], check=True, timeout=120)
    with postgres.connect(make_url(recipe.server).set(database=postgres.MAINTENANCE_DATABASE)) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(recipe.restored),
                                                                   sql.Identifier(recipe.owner)))
    flags = _doc_flags(doc, "pg_restore")
    assert {"--no-owner", "--no-acl", "--exit-on-error"} <= set(flags), flags
    subprocess.run([pg_restore, *_pg_connection(recipe, recipe.owner), "-d", recipe.restored, *flags, str(dump)],
                   check=True, timeout=120)
    restored = recipe.url(recipe.owner, recipe.restored)
    status = _ok("--db", restored, "db", "status")
    assert "this release's revision" in status, status
    _ok("--db", restored, "db", "grant", recipe.app)
    as_app = {**service_env, "ECARNET_CENTRAL_DB": recipe.url(recipe.app, recipe.restored)}
    assert _ok("audit", "verify", env=as_app) == verified  # the same lines, the same head hashes

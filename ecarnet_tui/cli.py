"""``ecarnet``: start the workstation."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from ecarnet_tui.i18n import _, use_language
from ecarnet_tui.settings import DEFAULTS_FILE, SettingsError, load_settings, user_settings_file


def _parser() -> argparse.ArgumentParser:
    return argparse.ArgumentParser(
        prog="ecarnet",
        description=_("The customs officer's workstation for electronic ATA and CPD carnets."),
        epilog=_(
            "Settings are read from {defaults} and then from your own file {user} (TOML; copy the defaults "
            "there and change what you need). With no central_url the workstation starts the embedded demo "
            "central: training only, no real data. Officers sign in at the sign-in screen. An administrator "
            "registers this workstation at the central and gives its key once (--register-workstation). Only an "
            "unattended desk with an integration account keeps a token, in the system keyring (--store-token), "
            "or types it at each start (--token-prompt). 'ecarnet scan-image --help' reads QR codes from image "
            "files."
        ).format(defaults=DEFAULTS_FILE, user=user_settings_file()),
    )


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if arguments[:1] == ["scan-image"]:
        from ecarnet_tui.scanner.scan_image import main as scan_image

        return scan_image(arguments[1:])
    parser = _parser()
    parser.add_argument("--config", type=Path, default=None, help=_("a settings file to use instead of yours"))
    parser.add_argument("--central", default=None, help=_("the central's URL (overrides the settings)"))
    parser.add_argument("--token-prompt", action="store_true",
                        help=_("type the integration account's token at start (an unattended desk)"))
    parser.add_argument("--store-token", action="store_true",
                        help=_("type the integration account's token once and keep it in the system keyring"))
    parser.add_argument("--register-workstation", action="store_true",
                        help=_("type the key an administrator registered this workstation with, and keep it"))
    parser.add_argument("--drill", action="store_true",
                        help=_("a refresher drill on the embedded demo: five exercises at random, then your score"))
    parser.add_argument("--seed", type=int, default=None,
                        help=_("with --drill: the same number picks the same five exercises"))
    parser.add_argument("--keys", action="store_true",
                        help=_("list the actions a key triggers, with their names for 'keymap' in the settings"))
    args = parser.parse_args(arguments)
    try:
        settings = load_settings(args.config)
    except SettingsError as exc:
        print(_("Cannot start: {problem}").format(problem=exc), file=sys.stderr)
        return 2
    if args.central is not None:
        settings = settings.model_copy(update={"central_url": args.central})
    use_language(settings.language or None)
    if args.keys or settings.keymap:
        from ecarnet_tui.app import EcarnetApp
        from ecarnet_tui.navigation.keys import actions, key_name, keymap_problem

        known = actions(EcarnetApp)
        if args.keys:
            for action in sorted(known.values(), key=lambda a: a.id):
                print(f"{action.id:<28} {key_name(action.key):<12} {action.description}")
            return 0
        if (problem := keymap_problem(settings.keymap, known)) is not None:
            print(_("Cannot start: {problem}").format(problem=problem), file=sys.stderr)
            return 2
    if args.seed is not None and not args.drill:
        print(_("--seed goes with --drill."), file=sys.stderr)
        return 2
    if args.drill and not settings.embedded:
        print(_("The drill runs on the embedded demo central only, and this workstation is set for {central}: start "
                "it with an empty central_url (or --central \"\") to drill.").format(central=settings.central_url),
              file=sys.stderr)
        return 2
    if args.register_workstation:
        return _register_workstation(settings.central_url)
    token: str | None = None
    if args.store_token or args.token_prompt:
        if not settings.integration_account:
            print(_("Tokens are for an integration account (an unattended desk): set 'integration_account' in {file} "
                    "first. Officers sign in at the sign-in screen.").format(file=user_settings_file()),
                  file=sys.stderr)
            return 2
        token = getpass.getpass(_("Token for {account}: ").format(account=settings.integration_account)).strip()
    if args.store_token:
        from ecarnet_tui.services.credentials import NoKeyring, save_token

        try:
            save_token(settings.integration_account, token or "")
        except NoKeyring:
            print(_("This machine has no keyring: use --token-prompt at each start."), file=sys.stderr)
            return 2
        print(_("Token stored in the system keyring."))
        return 0

    from ecarnet_tui.app import EcarnetApp
    from ecarnet_tui.services.connection import connect
    from ecarnet_tui.services.log_file import keep_log
    from ecarnet_tui.settings import data_dir, queue_path
    from offline_queue.errors import QueueUnavailable
    from offline_queue.store import QueueStore

    keep_log(data_dir())
    # Training (the embedded demo central) keeps its own queue: nothing of it ever reaches a real central.
    path = queue_path(settings)
    try:
        queue = QueueStore.open(path)
    except QueueUnavailable as exc:
        print(_("Cannot start: {problem}").format(problem=exc.problem), file=sys.stderr)
        print(exc.what_to_do, file=sys.stderr)
        return 3
    encoding = (sys.stdout.encoding or "").lower()
    ascii_only = "utf" not in encoding or settings.ascii
    try:
        drill = None
        if args.drill:
            from ecarnet_tui.services.drill import Drill, new_seed

            drill = Drill(args.seed if args.seed is not None else new_seed())
        EcarnetApp(lambda typed: connect(settings, typed or token), office_id=settings.office, ascii_only=ascii_only,
                   settings=settings, queue=queue, drill=drill, thin_link=settings.thin_link).run()
    finally:
        queue.close()
    return 0


def _register_workstation(central_url: str) -> int:
    """``--register-workstation``: keep the key an administrator got for this PC (``ecarnet-central workstation
    add``, or the administration screens); it is sent when officers sign in here."""
    from ecarnet_tui.services.credentials import save_workstation_key
    from ecarnet_tui.settings import data_dir

    if not central_url.strip():
        print(_("Set 'central_url' first: the embedded demo central registers its training desk by itself."),
              file=sys.stderr)
        return 2
    key = getpass.getpass(_("Workstation key for {central}: ").format(central=central_url)).strip()
    if not key.startswith("ecw_") or len(key) < 20 or not key.isprintable():
        print(_("That is not a workstation key (it starts with ecw_): nothing was kept."), file=sys.stderr)
        return 2
    where = save_workstation_key(central_url, key, data_dir())
    print(_("Workstation key kept ({where}). Officers who sign in here get offline sign-in.").format(where=where))
    return 0


if __name__ == "__main__":
    sys.exit(main())

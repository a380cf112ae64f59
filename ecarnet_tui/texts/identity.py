"""What the sign-in, the idle lock and the sign-out say: help, the password rules, the authenticator's enrolment."""

from __future__ import annotations

from ecarnet_tui.i18n import _


def password_rule_text(rule: str) -> str:
    """The rule a new password broke (the central names it), in the officer's language."""
    texts = {
        "too_short": _("At least 12 characters are needed: a few words make a good password."),
        "too_long": _("At most 256 characters."),
        "control_characters": _("Control characters are not allowed."),
        "contains_name": _("The password must not contain your account's name or e-mail address."),
        "common": _("This is one of the passwords anyone guessing tries first: choose another."),
        "repetitive": _("This repeats too few characters: choose another."),
        "unchanged": _("Choose a password other than the one being replaced."),
    }
    return texts.get(rule, _("This password cannot be used: choose another."))


def sign_in_help() -> tuple[str, list[str]]:
    return _("Sign in"), [
        _("Type your account (or your e-mail address) and your password, then Enter."),
        _("Then the 6-digit code your authenticator app shows now (or one of your recovery codes)."),
        _("The first time, add the central to your authenticator app: scan the QR, or type the secret shown beside "
          "it; then type the code it shows."),
        _("When the central cannot be reached, an officer who signed in online at this workstation in the last days "
          "signs in with the password alone."),
        _("Escape goes back to the password. Ctrl+Q quits."),
    ]


def lock_help() -> tuple[str, list[str]]:
    return _("Locked"), [
        _("The screen locked after a while without a key: what was on it is hidden and kept."),
        _("The officer who locked it types their password and Enter to go on where they were."),
        _("Another officer presses Ctrl+W to sign in instead: the draft in progress is kept for its owner."),
    ]

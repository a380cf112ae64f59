"""The accounts an Admin or a Regional manager manages (guide lines 2977-3060): how a row reads, what a search
matches, and the forms to create and change one. No Textual here."""

from __future__ import annotations

from carnet_domain.organisation import Account, AccountStatus, Office, Role, grantable_roles
from central_contract.identity import AccountChange, SessionView, SetPasswordCode
from central_contract.models import NewAccount
from ecarnet_tui.formats import local_time
from ecarnet_tui.i18n import _
from ecarnet_tui.texts.forms import FieldKind, Form, FormField, model_or_problem
from ecarnet_tui.texts.labels import role_name
from ecarnet_tui.texts.search import every_word_in


def accounts_help() -> tuple[str, list[str]]:
    from ecarnet_tui.texts.desk_help import everywhere

    return _("Accounts"), [
        _("The accounts you manage: your region's, or every one for an Admin. Type in the search line to keep the "
          "accounts that match every word (name, ID, badge, e-mail, office, role, state); Enter goes to the table."),
        _("Ctrl+N creates a person's account: the central gives a one-time code, shown once, with which they sign "
          "in and choose a password. Give it to them privately."),
        _("Ctrl+E changes the chosen account: a new role or office ends its sessions. You may give only the roles "
          "your own role may give (guide, Account management)."),
        _("Ctrl+D disables the chosen account (its sessions end, its history stays) or enables it again; Ctrl+P "
          "makes a one-time code for a new password; Ctrl+T resets its authenticator, enrolled again at its next "
          "sign-in."),
        _("Ctrl+S lists the chosen account's open sessions and tokens, and ends them all if you answer Y. Delete "
          "removes an account never used (a mistake at its creation); one with a history is disabled instead."),
        _("Ctrl+R loads the list again."),
        everywhere(),
    ]


def status_name(status: AccountStatus) -> str:
    return _("Active") if status is AccountStatus.ACTIVE else _("Disabled")


def account_row(account: Account) -> tuple[str, ...]:
    return (account.account_id, account.display_name, role_name(account.role), account.office_id,
            status_name(account.status))


def matches(account: Account, search: str) -> bool:
    """Whether every word of ``search`` is found in the account's ID, name, badge, e-mail, office, region, role or
    state (in either language the officer may type it in: the role's and state's names as shown, and their
    codes)."""
    return every_word_in((
        account.account_id, account.display_name, account.badge, account.email, account.office_id,
        account.region_id, account.role.value, role_name(account.role), account.status.value,
        status_name(account.status),
    ), search)


def account_details(account: Account) -> str:
    parts = [f"{account.display_name} ({account.account_id})", role_name(account.role),
             _("office {office}, region {region}").format(office=account.office_id, region=account.region_id)]
    if account.badge:
        parts.append(_("badge {badge}").format(badge=account.badge))
    if account.email:
        parts.append(account.email)
    if account.status is AccountStatus.DISABLED and account.disabled_at is not None:
        parts.append(_("disabled since {when}").format(when=local_time(account.disabled_at)))
    return " · ".join(parts)


def _roles(role: Role) -> tuple[tuple[str, str], ...]:
    return tuple((role_name(r), r.value) for r in grantable_roles(role))


def _offices(offices: list[Office], first: str) -> tuple[tuple[str, str], ...]:
    ordered = sorted(offices, key=lambda o: (o.office_id != first, o.name))
    return tuple((f"{o.name} ({o.office_id})", o.office_id) for o in ordered if o.active or o.office_id == first)


def new_account_form(caller: Role, offices: list[Office], office_id: str) -> Form:
    """A person's account: it signs in first with a one-time code the central gives once."""
    fields = (
        FormField("account_id", _("Account ID (sign-in name)"), required=True, max_length=64,
                  placeholder=_("lower case, e.g. j.martin")),
        FormField("display_name", _("Full name"), required=True, max_length=120),
        FormField("email", _("E-mail"), max_length=200),
        FormField("badge", _("Badge number"), max_length=40),
        FormField("role", _("Role"), FieldKind.CHOICE, required=True, choices=_roles(caller)),
        FormField("office_id", _("Office"), FieldKind.CHOICE, required=True, choices=_offices(offices, office_id)),
    )

    def build(v: dict[str, str]) -> NewAccount:
        return model_or_problem(lambda: NewAccount(  # type: ignore[return-value]
            account_id=v["account_id"].strip(), display_name=v["display_name"].strip(), email=v["email"].strip(),
            badge=v["badge"].strip(), role=Role(v["role"]), office_id=v["office_id"]))

    return Form(_("New account"), fields, build)


def change_form(caller: Role, offices: list[Office], account: Account) -> Form:
    """What may change: a role or office change ends the account's sessions (the central says so)."""
    roles = _roles(caller)
    if account.role.value not in {value for _label, value in roles}:  # kept as it is: the caller may not give it
        roles = ((role_name(account.role), account.role.value), *roles)
    fields = (
        FormField("display_name", _("Full name"), required=True, max_length=120, default=account.display_name),
        FormField("email", _("E-mail"), max_length=200, default=account.email),
        FormField("badge", _("Badge number"), max_length=40, default=account.badge),
        FormField("role", _("Role"), FieldKind.CHOICE, choices=tuple(sorted(
            roles, key=lambda choice: choice[1] != account.role.value))),
        FormField("office_id", _("Office"), FieldKind.CHOICE, choices=_offices(offices, account.office_id)),
    )

    def build(v: dict[str, str]) -> AccountChange:
        typed = {"display_name": v["display_name"].strip(), "email": v["email"].strip(), "badge": v["badge"].strip(),
                 "role": v["role"], "office_id": v["office_id"]}
        now = {"display_name": account.display_name, "email": account.email, "badge": account.badge,
               "role": account.role.value, "office_id": account.office_id}
        changed = {key: value for key, value in typed.items() if value != now[key]}
        return model_or_problem(lambda: AccountChange.model_validate(changed))  # type: ignore[return-value]

    return Form(_("Change account {account}").format(account=account.account_id), fields, build)


def code_lines(code: SetPasswordCode) -> list[str]:
    """A one-time code, as it is shown once."""
    return [
        _("One-time code: {code}").format(code=code.code),
        _("Valid until {when}. Give it to {account} privately: they sign in with it once and choose a "
          "password. It is not shown again.").format(when=local_time(code.expires_at), account=code.account_id),
    ]


def session_lines(sessions: list[SessionView]) -> list[str]:
    """An account's open sessions and tokens, one line each."""
    lines = []
    for session in sorted(sessions, key=lambda s: s.created_at):
        kind = _("token") if session.kind == "integration" else _("session")
        where = _(" at workstation {workstation}").format(workstation=session.workstation_id) \
            if session.workstation_id else ""
        lines.append(_("{kind}{where}: since {since}, last seen {seen}, ends {ends}").format(
            kind=kind, where=where, since=local_time(session.created_at), seen=local_time(session.last_seen_at),
            ends=local_time(session.expires_at)))
    return lines

"""Customs territories, regions, offices, accounts and the role matrix (guide lines 1748-1762).

A customs territory is the Box P territory an office's region belongs to: the European Union is one
territory, France (Réunion) is another. Holds, the import-before-re-export check and transit matching use
the territory, never the country.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field

from carnet_domain.carnet import Model


class Territory(Model):
    code: str = Field(pattern=r"^[A-Z][A-Z0-9-]{1,9}$")
    name: str
    two_step_export: bool = False
    """Exportation is Pre-exportation (Export) then Exit, as in the European Union (lines 2095-2100)."""
    digital: bool = True
    """Whether the territory's customs process carnets digitally (the Global Transition Plan)."""
    countries: tuple[str, ...] = ()
    """The countries (ISO codes) that make up the customs territory; empty: the country of its own code."""

    @property
    def member_countries(self) -> tuple[str, ...]:
        return self.countries or (self.code,)


class Region(Model):
    region_id: str
    name: str
    country: str = Field(max_length=2)
    territory: str
    active: bool = True


class OfficeType(StrEnum):
    """What an office handles (guide lines 3200-3205): any combination of the four, or none said."""

    ADMINISTRATIVE = "administrative"
    """An administrative office only: no goods are presented there."""
    SEA_PORT = "sea_port"
    AIRPORT = "airport"
    LAND_PORT = "land_port"


class Office(Model):
    """A customs office, with what the guide's office template holds (lines 3194-3206): its postal address, its
    contact, its opening hours, its coordinates for the directory's map and its types. A deactivated office keeps
    its history and takes no new work."""

    office_id: str
    name: str
    region_id: str
    territory: str
    timezone: str = "UTC"
    active: bool = True
    types: tuple[OfficeType, ...] = ()
    """Sorted, each once."""
    address: str = ""
    """The street address, possibly on several lines."""
    postcode: str = ""
    city: str = ""
    phone: str = ""
    email: str = ""
    opening_hours: str = ""
    """As the office writes them, possibly on several lines ("Mon-Fri 08:00-18:00")."""
    latitude: float | None = None
    longitude: float | None = None
    """WGS 84 degrees; both or neither."""


class Role(StrEnum):
    OFFICER = "officer"
    CONTROLLER = "controller"
    REGIONAL_MANAGER = "regional_manager"
    ADMIN = "admin"
    TRAINER = "trainer"
    """Runs a classroom (issue 20): exists only on a training central, seeded with the demo (:data:`SEEDED_ROLES`)."""


class AccountStatus(StrEnum):
    ACTIVE = "active"
    DISABLED = "disabled"


class AccountKind(StrEnum):
    PERSON = "person"
    """An officer, controller, manager or admin: signs in with a password and a second factor; never a token."""
    INTEGRATION = "integration"
    """A service account (the guide's web-service accounts): long-lived tokens limited to route groups and
    offices; never signs in."""


class Account(Model):
    account_id: str
    display_name: str = Field(max_length=120)
    badge: str = Field(default="", max_length=40)
    email: str = Field(default="", max_length=200)
    role: Role
    office_id: str
    region_id: str
    status: AccountStatus = AccountStatus.ACTIVE
    kind: AccountKind = AccountKind.PERSON
    disabled_at: datetime | None = None
    """When the account was last disabled: offline commits made after it go to review."""


class Permission(StrEnum):
    PROCESS_CARNET = "process_carnet"
    NEWS = "news"
    DIRECTORY = "directory"
    STATISTICS = "statistics"
    TRANSIT_MONITORING = "transit_monitoring"
    LOGS = "logs"
    CREATE_OFFICE = "create_office"
    CREATE_OFFICER_ACCOUNT = "create_officer_account"
    CREATE_REGION = "create_region"
    CREATE_CONTROLLER_ACCOUNT = "create_controller_account"
    CREATE_REGIONAL_MANAGER_ACCOUNT = "create_regional_manager_account"
    CREATE_ADMIN_ACCOUNT = "create_admin_account"
    BULK_CREATION = "bulk_creation"
    CLASSROOM = "classroom"
    """The trainer's: the class's grid, its controls, the trainees' links and the end-of-class report."""


_EVERYONE = frozenset(Role)
"""Every role processes carnets: a trainer too, to show the class the gesture."""
_MANAGERS = frozenset({Role.REGIONAL_MANAGER, Role.ADMIN})

ROLE_MATRIX: dict[Permission, frozenset[Role]] = {
    Permission.PROCESS_CARNET: _EVERYONE,
    Permission.NEWS: _EVERYONE,
    Permission.DIRECTORY: _EVERYONE,
    Permission.STATISTICS: frozenset({Role.CONTROLLER, Role.REGIONAL_MANAGER, Role.ADMIN}),
    Permission.TRANSIT_MONITORING: _EVERYONE,
    Permission.LOGS: frozenset({Role.CONTROLLER, Role.ADMIN}),
    Permission.CREATE_OFFICE: _MANAGERS,
    Permission.CREATE_OFFICER_ACCOUNT: _MANAGERS,
    Permission.CREATE_REGION: frozenset({Role.ADMIN}),
    Permission.CREATE_CONTROLLER_ACCOUNT: _MANAGERS,
    Permission.CREATE_REGIONAL_MANAGER_ACCOUNT: _MANAGERS,
    Permission.CREATE_ADMIN_ACCOUNT: frozenset({Role.ADMIN}),
    Permission.BULK_CREATION: frozenset({Role.ADMIN}),
    Permission.CLASSROOM: frozenset({Role.TRAINER}),
}
"""Who may do what, as the guide's table at lines 1748-1762 gives it; the trainer's row and column are the
classroom's (issue 20): an officer's permissions and the class."""

SEEDED_ROLES = frozenset({Role.TRAINER})
"""Roles no account may give (create an account with, or change one to): a trainer exists only on a training
central, where the demo seeds it; a central refuses it everywhere else (``role_not_grantable``)."""

ACCOUNT_PERMISSION: dict[Role, Permission] = {
    Role.OFFICER: Permission.CREATE_OFFICER_ACCOUNT,
    Role.CONTROLLER: Permission.CREATE_CONTROLLER_ACCOUNT,
    Role.REGIONAL_MANAGER: Permission.CREATE_REGIONAL_MANAGER_ACCOUNT,
    Role.ADMIN: Permission.CREATE_ADMIN_ACCOUNT,
    Role.TRAINER: Permission.CREATE_ADMIN_ACCOUNT,
}
"""The permission needed to create or manage an account of each role (an admin manages a trainer's account: none
creates one, :data:`SEEDED_ROLES`)."""


def grantable_roles(role: Role) -> tuple[Role, ...]:
    """The roles an account of ``role`` may give another account (create it with, or change it to)."""
    return tuple(r for r in Role if r not in SEEDED_ROLES and may(role, ACCOUNT_PERMISSION[r]))


def may(role: Role, permission: Permission) -> bool:
    return role in ROLE_MATRIX[permission]


def permissions_of(role: Role) -> frozenset[Permission]:
    return frozenset(p for p, roles in ROLE_MATRIX.items() if role in roles)


def region_bound(role: Role) -> bool:
    """Everyone but an admin works inside one region: officers choose offices only there (line 3054)."""
    return role is not Role.ADMIN


# --- Shifts and the supervisor desk (issue 7) -------------------------------------------------------------

SUPERVISOR_ROLES = frozenset({Role.CONTROLLER, Role.REGIONAL_MANAGER, Role.ADMIN})
"""Who runs a shift, settles what the central refused after an outage and reads the audit trail: a Controller
or higher (the guide's controller and manager chapters). The guide's role table has no row for it."""


def supervises(role: Role) -> bool:
    return role in SUPERVISOR_ROLES

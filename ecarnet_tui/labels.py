"""The officer-facing names of transaction types and roles, translated."""

from __future__ import annotations

from typing import TYPE_CHECKING

from carnet_domain.transaction_types import TransactionType as T
from ecarnet_tui.i18n import _

if TYPE_CHECKING:
    from carnet_domain.organisation import Role


def type_name(kind: T) -> str:
    names = {
        T.VALIDATION: _("Validation"),
        T.PRE_EXPORTATION: _("Pre-exportation"),
        T.EXPORTATION: _("Exportation"),
        T.IMPORTATION: _("Importation"),
        T.REEXPORTATION: _("Re-exportation"),
        T.REIMPORTATION: _("Re-importation"),
        T.TRANSIT_OPEN: _("Transit open"),
        T.TRANSIT_CLOSE: _("Transit close"),
    }
    return names[kind]


def role_name(role: Role) -> str:
    from carnet_domain.organisation import Role

    names = {
        Role.OFFICER: _("Officer"),
        Role.CONTROLLER: _("Controller"),
        Role.REGIONAL_MANAGER: _("Regional manager"),
        Role.ADMIN: _("Admin"),
    }
    return names[role]

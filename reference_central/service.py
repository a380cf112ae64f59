"""The reference central's operations: each checks who asks, applies the domain's rules and records the
result in one all-or-nothing unit of work."""

from __future__ import annotations

from reference_central.identity.authentication import AuthenticationOps  # Identity (issue 16)
from reference_central.identity.lifecycle import LifecycleOps
from reference_central.identity.sign_in import SignInOps
from reference_central.identity.training import TrainingOps
from reference_central.identity.working_office import WorkingOfficeOps
from reference_central.identity.workstations import WorkstationOps
from reference_central.operations.administration import AdministrationOps
from reference_central.operations.audit import AuditOps  # Audit trail (issue 7)
from reference_central.operations.base import CentralBase, new_code
from reference_central.operations.holds import HoldOps
from reference_central.operations.imports import ImportOps  # Bulk creation (issue 19)
from reference_central.operations.logs import LogOps  # Logs (issue 7)
from reference_central.operations.monitoring import MonitoringOps
from reference_central.operations.organisation import OrganisationOps  # Offices and regions (issue 19)
from reference_central.operations.predeclarations import PreDeclarationOps  # Pre-declarations (issue 7)
from reference_central.operations.shifts import ShiftOps  # Shifts (issue 7)
from reference_central.operations.transactions import TransactionOps
from reference_central.operations.vehicles import VehicleOps  # Vehicle carnets (issue 8: CPD)
from reference_central.training.operations import ClassroomOps  # The classroom (issue 20)

__all__ = ["Central", "CentralBase", "new_code"]


class Central(
    ImportOps, AuthenticationOps, SignInOps, LifecycleOps, WorkstationOps, TrainingOps, WorkingOfficeOps,
    AuditOps, ShiftOps, TransactionOps, HoldOps, MonitoringOps, AdministrationOps, OrganisationOps, LogOps,
    PreDeclarationOps, VehicleOps, ClassroomOps,
):
    """The reference central over one store: every operation of the v1 API."""

"""The role matrix and the per-type field table, checked against the guide's tables."""

from __future__ import annotations

import pytest

from carnet_domain.organisation import (
    ACCOUNT_PERMISSION,
    ROLE_MATRIX,
    SEEDED_ROLES,
    Permission,
    Role,
    grantable_roles,
    may,
    permissions_of,
    region_bound,
)
from carnet_domain.transaction_types import TYPE_SPECS, Side, TransactionType, TxField, declaration_type, spec_of

P = Permission
T = TransactionType
F = TxField

COLUMNS = (Role.OFFICER, Role.CONTROLLER, Role.REGIONAL_MANAGER, Role.ADMIN, Role.TRAINER)
TABLE = {
    P.PROCESS_CARNET: "XXXXX",
    P.NEWS: "XXXXX",
    P.DIRECTORY: "XXXXX",
    P.STATISTICS: "-XXX-",
    P.TRANSIT_MONITORING: "XXXXX",
    P.LOGS: "-X-X-",
    P.CREATE_OFFICE: "--XX-",
    P.CREATE_OFFICER_ACCOUNT: "--XX-",
    P.CREATE_REGION: "---X-",
    P.CREATE_CONTROLLER_ACCOUNT: "--XX-",
    P.CREATE_REGIONAL_MANAGER_ACCOUNT: "--XX-",
    P.BULK_CREATION: "---X-",
    P.CLASSROOM: "----X",
}
"""Rows: permission; columns: Officer, Controller, Regional manager, Admin (guide lines 1748-1762), and the
classroom's Trainer (issue 20): an officer's permissions and the class."""


@pytest.mark.parametrize(("permission", "row"), TABLE.items())
def test_the_role_matrix_is_the_guides_table(permission: Permission, row: str) -> None:
    expected = frozenset(role for role, mark in zip(COLUMNS, row, strict=True) if mark == "X")
    assert ROLE_MATRIX[permission] == expected
    for role, mark in zip(COLUMNS, row, strict=True):
        assert may(role, permission) is (mark == "X")


def test_the_matrix_has_the_guides_rows_and_only_admin_account_creation_besides() -> None:
    assert set(ROLE_MATRIX) - set(TABLE) == {P.CREATE_ADMIN_ACCOUNT}
    assert ROLE_MATRIX[P.CREATE_ADMIN_ACCOUNT] == frozenset({Role.ADMIN})


def test_each_roles_permissions_read_down_its_column() -> None:
    for column, role in enumerate(COLUMNS):
        from_table = {p for p, row in TABLE.items() if row[column] == "X"}
        assert permissions_of(role) - {P.CREATE_ADMIN_ACCOUNT} == from_table
    assert P.CREATE_ADMIN_ACCOUNT in permissions_of(Role.ADMIN)
    assert len(permissions_of(Role.OFFICER)) == 4


def test_creating_an_account_needs_the_permission_for_its_role() -> None:
    assert ACCOUNT_PERMISSION == {
        Role.OFFICER: P.CREATE_OFFICER_ACCOUNT,
        Role.CONTROLLER: P.CREATE_CONTROLLER_ACCOUNT,
        Role.REGIONAL_MANAGER: P.CREATE_REGIONAL_MANAGER_ACCOUNT,
        Role.ADMIN: P.CREATE_ADMIN_ACCOUNT,
        Role.TRAINER: P.CREATE_ADMIN_ACCOUNT,  # an admin manages a trainer's account; nobody gives the role
    }
    assert not may(Role.REGIONAL_MANAGER, ACCOUNT_PERMISSION[Role.ADMIN])


def test_no_role_may_give_the_trainers() -> None:
    assert {Role.TRAINER} == SEEDED_ROLES
    assert [Role.TRAINER in grantable_roles(role) for role in Role] == [False] * len(Role)
    assert grantable_roles(Role.ADMIN) == (Role.OFFICER, Role.CONTROLLER, Role.REGIONAL_MANAGER, Role.ADMIN)


def test_everyone_but_an_admin_is_bound_to_a_region() -> None:
    assert [region_bound(role) for role in COLUMNS] == [True, True, True, False, True]


# --- The per-type field table ----------------------------------------------------------------------------


def test_every_type_has_a_spec() -> None:
    assert set(TYPE_SPECS) == set(T)
    for kind in T:
        assert spec_of(kind).type is kind


def test_validation_examines_the_goods_at_step_4() -> None:
    spec = spec_of(T.VALIDATION)
    assert spec.step4 == (F.GOODS_EXAMINED, F.CUSTOMS_REFERENCE, F.CUSTOMS_REMARKS)
    assert spec.declared_editable is False
    assert spec.side is Side.HOME


def test_importation_has_a_final_date_that_defaults_to_the_validity() -> None:
    spec = spec_of(T.IMPORTATION)
    assert spec.step4 == (F.FINAL_DATE, F.CUSTOMS_REFERENCE, F.CUSTOMS_REMARKS)
    assert spec.final_date_default_validity is True
    assert F.PLACE_OF_USE in spec.step3
    assert [k for k in T if spec_of(k).final_date_default_validity] == [T.IMPORTATION]


def test_reexportation_has_diverted_goods_and_the_two_action_fields() -> None:
    spec = spec_of(T.REEXPORTATION)
    assert F.DIVERTED_GOODS in spec.step3
    assert F.PROCESSED_ABROAD not in spec.step3
    assert spec.step4 == (
        F.ACTION_GOODS_PRODUCED, F.ACTION_GOODS_NOT_PRODUCED, F.CUSTOMS_REFERENCE, F.CUSTOMS_REMARKS,
    )


def test_reimportation_has_diverted_goods_and_goods_processed_abroad() -> None:
    spec = spec_of(T.REIMPORTATION)
    assert F.DIVERTED_GOODS in spec.step3
    assert F.PROCESSED_ABROAD in spec.step3
    assert spec.step4 == (F.CUSTOMS_REFERENCE, F.CUSTOMS_REMARKS)


def test_transit_open_has_a_final_date_and_customs_seals() -> None:
    spec = spec_of(T.TRANSIT_OPEN)
    assert spec.step4 == (F.FINAL_DATE, F.CUSTOMS_SEALS, F.CUSTOMS_REFERENCE, F.CUSTOMS_REMARKS)
    assert spec.final_date_default_validity is False


@pytest.mark.parametrize("kind", list(T))
def test_every_step_4_ends_with_customs_reference_and_remarks(kind: TransactionType) -> None:
    assert spec_of(kind).step4[-2:] == (F.CUSTOMS_REFERENCE, F.CUSTOMS_REMARKS)
    assert spec_of(kind).step3[:2] == (F.DECLARED_GOODS, F.IDENTIFICATION_MARKS)


def test_only_the_diverted_goods_types_show_diverted_goods() -> None:
    assert [k for k in T if F.DIVERTED_GOODS in spec_of(k).step3] == [T.REEXPORTATION, T.REIMPORTATION]
    assert [k for k in T if F.CUSTOMS_SEALS in spec_of(k).step4] == [T.TRANSIT_OPEN]
    assert [k for k in T if F.GOODS_EXAMINED in spec_of(k).step4] == [T.VALIDATION]


def test_only_reexportation_and_reimportation_are_allowed_after_expiry() -> None:
    assert {k for k in T if spec_of(k).allowed_when_expired} == {T.REEXPORTATION, T.REIMPORTATION}


def test_home_and_foreign_sides() -> None:
    assert {k for k in T if spec_of(k).side is Side.HOME} == {
        T.VALIDATION, T.PRE_EXPORTATION, T.EXPORTATION, T.REIMPORTATION,
    }


def test_pre_exportation_is_declared_as_an_exportation() -> None:
    assert declaration_type(T.PRE_EXPORTATION) is T.EXPORTATION
    assert all(declaration_type(k) is k for k in T if k is not T.PRE_EXPORTATION)

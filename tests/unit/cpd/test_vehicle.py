"""The vehicle at the desk against the carnet: plate, VIN and engine number, normalised."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carnet_domain.cpd.convention import Convention
from carnet_domain.cpd.decision import CpdReason, Verdict
from carnet_domain.cpd.vehicle import Match, Particulars, check_identity, compare_identity, normalise
from tests.unit.cpd.factories import BOTH, VEHICLE, cpd

R = CpdReason
PLATE, VIN, ENGINE = "LD21 XRV", "SALEA7BU2L2001234", "306DT-0045123"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("ld21-xrv ", "LD21XRV"),
        ("LD21 XRV", "LD21XRV"),
        ("ld21\u2013xrv", "LD21XRV"),  # en dash
        ("LD21\u00a0XRV", "LD21XRV"),  # no-break space
        ("306dt — 0045123", "306DT0045123"),
        ("", ""),
    ],
)
def test_normalise_ignores_case_spaces_and_dashes(raw: str, clean: str) -> None:
    assert normalise(raw) == clean


def test_the_same_vehicle_written_differently_matches() -> None:
    check = compare_identity(VEHICLE, "ld21-xrv", "salea7bu2l2001234", "306 DT 0045123")
    assert (check.plate, check.vin, check.engine) == (Match.MATCH, Match.MATCH, Match.MATCH)
    assert check.mismatches == ()
    assert [d.reason for d in check.decisions(Convention.PRIVATE_1954)] == [R.IDENTITY_MATCHES]


@pytest.mark.parametrize(
    ("plate", "vin", "engine", "mismatches"),
    [
        ("LD21 XRW", VIN, ENGINE, ("plate",)),
        (PLATE, "SALEA7BU2L2001235", ENGINE, ("vin",)),
        (PLATE, VIN, "306DT-0045124", ("engine",)),
        ("AB12 CDE", "WMA06XZZ0NP123456", "D2676-77881", ("plate", "vin", "engine")),
    ],
)
def test_which_of_plate_vin_and_engine_mismatch(
    plate: str, vin: str, engine: str, mismatches: tuple[str, ...]
) -> None:
    assert compare_identity(VEHICLE, plate, vin, engine).mismatches == mismatches


@pytest.mark.parametrize("letter", ["I", "O", "Q", "i", "o", "q"])
def test_a_vin_with_i_o_or_q_is_never_valid(letter: str) -> None:
    misread = VIN.replace("0", letter, 1)
    check = compare_identity(VEHICLE, PLATE, misread, ENGINE)
    assert check.vin is Match.INVALID
    assert check.mismatches == ("vin",)
    decision = check.decisions(Convention.COMMERCIAL_1956)[0]
    assert decision.reason is R.IDENTITY_VIN_INVALID
    assert decision.figures["invalid_letters"] == letter.upper()
    assert decision.verdict is Verdict.REFUSE


@pytest.mark.parametrize(("convention", "article"), [(BOTH[0], "1956 art. 11"), (BOTH[1], "1954 art. 10")])
def test_a_different_plate_or_engine_is_flagged_a_different_chassis_refused(
    convention: Convention, article: str
) -> None:
    plate_only = compare_identity(VEHICLE, "AB12 CDE", VIN, ENGINE).decisions(convention)
    assert [d.reason for d in plate_only] == [R.IDENTITY_PARTICULARS_DIFFER]
    assert plate_only[0].verdict is Verdict.FLAG
    assert str(plate_only[0].citation) == article
    assert plate_only[0].figures["fields"] == "plate"
    assert plate_only[0].figures["carnet_plate"] == "LD21XRV"
    assert plate_only[0].figures["seen_plate"] == "AB12CDE"
    all_three = compare_identity(VEHICLE, "AB12 CDE", "WMA06XZZ0NP123456", "X").decisions(convention)
    assert [d.reason for d in all_three] == [R.IDENTITY_VIN_MISMATCH, R.IDENTITY_PARTICULARS_DIFFER]
    assert all_three[1].figures["fields"] == "plate,engine"


def test_what_was_not_read_or_is_not_on_the_carnet() -> None:
    no_engine = VEHICLE.model_copy(update={"engine_number": ""})
    check = compare_identity(no_engine, PLATE, None, "ANY-1")
    assert (check.plate, check.vin, check.engine) == (Match.MATCH, Match.NOT_SEEN, Match.NOT_ON_CARNET)
    assert check.mismatches == ()
    decisions = check.decisions(Convention.PRIVATE_1954)
    assert [d.reason for d in decisions] == [R.IDENTITY_NOT_SEEN]
    assert decisions[0].figures["fields"] == "vin"
    assert decisions[0].verdict is Verdict.NOTICE
    assert compare_identity(VEHICLE, "  ", " - ", None).plate is Match.NOT_SEEN


def test_check_identity_uses_the_carnets_convention() -> None:
    found = check_identity(cpd(BOTH[0]), PLATE, VIN, ENGINE)
    assert [str(d.citation) for d in found] == ["1956 art. 1(d), Annex 1"]
    found = check_identity(cpd(BOTH[1]), PLATE, VIN, ENGINE)
    assert [str(d.citation) for d in found] == ["1954 art. 1(d), Annex 2"]


def test_particulars_carry_the_issuing_countrys_currency() -> None:
    particulars = Particulars.of(cpd(), interior_trim="Cloth")
    assert particulars.vehicle == VEHICLE
    assert particulars.value_currency == "GBP"
    assert particulars.interior_trim == "Cloth"


_noise = st.lists(st.sampled_from([" ", "-", "\u2013", "\u00a0", ""]), min_size=0, max_size=3)


@st.composite
def disguised(draw: st.DrawFn, text: str) -> str:
    """``text`` with random case and spaces or dashes between its characters."""
    out = []
    for char in text:
        out.append(char.lower() if draw(st.booleans()) else char)
        out.append("".join(draw(_noise)))
    return "".join(out)


@given(disguised(PLATE), disguised(VIN), disguised(ENGINE))
def test_case_spaces_and_dashes_never_change_a_match(plate: str, vin: str, engine: str) -> None:
    assert compare_identity(VEHICLE, plate, vin, engine).mismatches == ()


@given(st.text(max_size=30))
def test_normalise_is_idempotent(text: str) -> None:
    assert normalise(normalise(text)) == normalise(text)

"""A trainer's exercise files: loaded after the shipped catalogue, or refused whole with the file, the line, the
exercise and the key of the mistake, and what to do; ``demo reset --exercises`` leaves the demo as it was."""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from carnet_domain.training.exercise import Expect
from carnet_domain.transaction_types import TransactionType
from central_contract.models import CommitRequest
from ecarnet_tui.texts import desk_help, step_help
from reference_central.cli import main
from reference_central.demo.carnets import scenarios
from reference_central.demo.exercise_files import HELP_TOPICS, MAX_FILE_BYTES, ExerciseFileError, load_catalogue
from reference_central.demo.seed import demo_codes
from tests.api.helpers import history_of
from tests.central_world import World

NATIONAL = '''# A national exercise
[[exercise]]
id = "ch-samples-import"
scenario = "on-hold"
title = "Samples for a fair"
brief = """Samples arrive for a fair at Palexpo.
[[exercise]]
The holder's list is attached."""
outcome = "Hold kept."
points = ["Reads the reason."]
help = "holds"

[[exercise.expect]]
kind = "not_released"

[[exercise.expect]]
kind = "not_recorded"
type = "importation"
why = "The carnet is on hold."
'''
"""Lines: [[exercise]] 2, id 3, scenario 4, title 5, brief 6 (a header-like line 7 inside it), outcome 9, points
10, help 11, the expects at 13 (kind 14) and 16 (kind 17, type 18, why 19)."""


def written(tmp_path: Path, text: str | bytes, name: str = "national.toml") -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def refused(tmp_path: Path, text: str | bytes) -> ExerciseFileError:
    path = written(tmp_path, text)
    with pytest.raises(ExerciseFileError) as caught:
        load_catalogue([path])
    assert caught.value.file == str(path)
    assert str(caught.value).startswith(f"{path}:{caught.value.line}: " if caught.value.line else f"{path}: ")
    return caught.value


def test_a_national_file_adds_its_exercises_after_the_shipped_ones(tmp_path: Path) -> None:
    shipped = load_catalogue()
    path = written(tmp_path, NATIONAL)
    loaded = load_catalogue([path])
    assert loaded[:len(shipped)] == shipped
    [added] = loaded[len(shipped):]
    assert (added.exercise_id, added.scenario, added.source) == ("ch-samples-import", "on-hold", str(path))
    assert added.brief == "Samples arrive for a fair at Palexpo.\n[[exercise]]\nThe holder's list is attached."
    assert [e.kind for e in added.expectations] == [Expect.NOT_RELEASED, Expect.NOT_RECORDED]
    assert added.expectations[1].type is TransactionType.IMPORTATION and added.strict and not added.offline


def test_the_shipped_catalogue_plays_every_scenario() -> None:
    played = {e.scenario for e in load_catalogue()}
    assert played == {s.key for s in scenarios(date.today())}


def test_a_syntax_error_keeps_tomls_line(tmp_path: Path) -> None:
    error = refused(tmp_path, NATIONAL.replace('title = "Samples for a fair"', 'title = "Samples for a fair'))
    assert error.line == 5 and "the TOML cannot be read here (Illegal character" in error.problem
    assert "Check the quotes" in error.problem


@pytest.mark.parametrize(("typo", "line", "key", "suggested"), [
    ('outcom = "Hold kept."', 9, "outcom", "outcome"),
    ('kind = "not_recorded"\ntyp = "importation"', 18, "typ", "type"),
])
def test_an_unknown_key_is_named_with_the_one_meant(
    tmp_path: Path, typo: str, line: int, key: str, suggested: str,
) -> None:
    text = NATIONAL.replace('outcome = "Hold kept."', typo) if key == "outcom" else NATIONAL.replace(
        'kind = "not_recorded"\ntype = "importation"', typo)
    error = refused(tmp_path, text)
    assert (error.line, error.key, error.exercise.startswith('exercise "ch-samples-import"')) == (line, key, True)
    assert f'did you mean "{suggested}"' in error.problem


def test_a_missing_outcome_is_refused_at_its_exercise(tmp_path: Path) -> None:
    error = refused(tmp_path, NATIONAL.replace('outcome = "Hold kept."\n', ""))
    assert error.line == 2 and '"outcome" is missing' in error.problem
    assert 'exercise "ch-samples-import"' in str(error)


def test_an_exercise_without_expected_outcomes_is_refused(tmp_path: Path) -> None:
    error = refused(tmp_path, NATIONAL.split("\n[[exercise.expect]]", maxsplit=1)[0])
    assert error.line == 2 and '"expect" is missing' in error.problem


def test_an_unknown_transaction_type_is_refused_at_its_line(tmp_path: Path) -> None:
    error = refused(tmp_path, NATIONAL.replace('type = "importation"', 'type = "importaton"'))
    assert (error.line, error.key) == (18, "type")
    assert error.exercise == 'exercise "ch-samples-import", expectation 2'
    assert '"importaton" is not a transaction type (did you mean "importation"?)' in error.problem


def test_an_unknown_kind_is_refused(tmp_path: Path) -> None:
    error = refused(tmp_path, NATIONAL.replace('kind = "not_released"', 'kind = "not-released"'))
    assert (error.line, error.key) == (14, "kind")
    assert '"not-released" is not a kind of expectation (did you mean "not_released"?)' in error.problem


def test_an_unknown_vehicle_record_is_refused(tmp_path: Path) -> None:
    text = NATIONAL.replace('scenario = "on-hold"', 'scenario = "cpd-damaged"').replace(
        'kind = "not_released"', 'kind = "vehicle_record"\nrecord = "destroyed"')
    error = refused(tmp_path, text)
    assert (error.line, error.key) == (15, "record") and '"destroyed" is not a vehicle record' in error.problem
    assert "termination" in error.problem


def test_a_vehicle_record_on_an_ata_carnet_is_refused(tmp_path: Path) -> None:
    error = refused(tmp_path, NATIONAL.replace('kind = "not_released"', 'kind = "vehicle_record"\nrecord = "seizure"'))
    assert (error.line, error.key) == (15, "record") and "vehicle carnets (CPD) only" in error.problem


def test_a_scenario_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    error = refused(tmp_path, NATIONAL.replace('scenario = "on-hold"', 'scenario = "on-hod"'))
    assert (error.line, error.key) == (4, "scenario")
    assert 'there is no demo scenario "on-hod" (did you mean "on-hold"?)' in error.problem


def test_a_type_the_holder_has_no_code_for_is_refused(tmp_path: Path) -> None:
    text = NATIONAL.replace('kind = "not_released"', 'kind = "recorded"\ntype = "reexportation"')
    error = refused(tmp_path, text)
    assert (error.line, error.key) == (15, "type")
    assert 'the holder of scenario "on-hold" has no reexportation code: it has importation' in error.problem


def test_not_recording_a_type_the_holder_has_no_code_for_is_allowed(tmp_path: Path) -> None:
    text = NATIONAL.replace('type = "importation"', 'type = "validation"')
    assert load_catalogue([written(tmp_path, text)])[-1].expectations[1].type is TransactionType.VALIDATION


@pytest.mark.parametrize(("goods", "said"), [
    ("1-x", "'1-x' is not an item number"), ("1-4", "the carnet lists only 3 items"), ("3-1", "is reversed"),
])
def test_goods_must_be_items_of_the_carnet(tmp_path: Path, goods: str, said: str) -> None:
    text = NATIONAL.replace('kind = "not_released"', f'kind = "recorded"\ntype = "importation"\ngoods = "{goods}"')
    error = refused(tmp_path, text)
    assert (error.line, error.key) == (16, "goods") and said in error.problem and "(the carnet has 3)" in error.problem


def test_goods_not_re_exported_only_where_the_type_has_them(tmp_path: Path) -> None:
    text = NATIONAL.replace('kind = "not_released"', 'kind = "recorded"\ntype = "importation"\ndiverted = "2"')
    error = refused(tmp_path, text)
    assert (error.line, error.key) == (16, "diverted") and "records no goods as not re-exported" in error.problem


def test_a_key_that_does_not_apply_to_the_kind_is_refused(tmp_path: Path) -> None:
    error = refused(tmp_path, NATIONAL.replace('type = "importation"', 'type = "importation"\ngoods = "1-3"'))
    assert (error.line, error.key) == (19, "goods") and 'does not apply to a "not_recorded"' in error.problem


def test_an_offline_expectation_needs_an_offline_exercise(tmp_path: Path) -> None:
    text = NATIONAL.replace('kind = "not_released"', 'kind = "recorded"\ntype = "importation"\noffline = true')
    error = refused(tmp_path, text)
    assert (error.line, error.key) == (16, "offline") and "add offline = true to the exercise" in error.problem
    fixed = text.replace('help = "holds"', 'help = "holds"\noffline = true')
    assert load_catalogue([written(tmp_path, fixed)])[-1].offline


def test_an_unknown_help_topic_is_refused(tmp_path: Path) -> None:
    error = refused(tmp_path, NATIONAL.replace('help = "holds"', 'help = "hold"'))
    assert (error.line, error.key) == (11, "help") and '"hold" is not a help page of the desk' in error.problem
    assert 'did you mean "holds"' in error.problem


def test_a_value_of_the_wrong_kind_is_refused(tmp_path: Path) -> None:
    error = refused(tmp_path, NATIONAL.replace('points = ["Reads the reason."]', 'points = "Reads the reason."'))
    assert (error.line, error.key) == (10, "points") and "should be a list of texts" in error.problem


def test_a_bad_id_is_refused(tmp_path: Path) -> None:
    error = refused(tmp_path, NATIONAL.replace('id = "ch-samples-import"', 'id = "CH samples"'))
    assert (error.line, error.key) == (3, "id") and "lower-case letters, digits and hyphens" in error.problem


def test_a_text_too_long_is_refused(tmp_path: Path) -> None:
    error = refused(tmp_path, NATIONAL.replace('title = "Samples for a fair"', f'title = "{"x" * 121}"'))
    assert (error.line, error.key) == (5, "title") and "is too long: at most 120 characters" in error.problem


def test_a_file_without_exercises_is_refused(tmp_path: Path) -> None:
    error = refused(tmp_path, "# nothing yet\nexercise = []\n")
    assert error.line is None and "the file has no exercise" in error.problem


def test_an_id_taken_by_the_shipped_catalogue_names_both_files(tmp_path: Path) -> None:
    error = refused(tmp_path, NATIONAL.replace('id = "ch-samples-import"', 'id = "on-hold"'))
    assert (error.line, error.key) == (2, "id")
    assert 'is already taken by the exercise at reference_central/demo/exercises/catalogue.toml:' in error.problem


def test_an_id_taken_by_an_earlier_file_names_it(tmp_path: Path) -> None:
    first = written(tmp_path, NATIONAL, "first.toml")
    second = written(tmp_path, "# the same again\n\n" + NATIONAL, "second.toml")
    with pytest.raises(ExerciseFileError) as caught:
        load_catalogue([first, second])
    assert str(caught.value).startswith(f'{second}:4: exercise "ch-samples-import", key "id": ')
    assert f"already taken by the exercise at {first}:2" in str(caught.value)


def test_a_file_over_a_megabyte_is_refused_unread(tmp_path: Path) -> None:
    error = refused(tmp_path, NATIONAL + "#" * MAX_FILE_BYTES)
    assert error.line is None and "is larger than 1 MB" in error.problem


def test_a_file_not_in_utf8_is_refused_at_the_line_of_the_bad_byte(tmp_path: Path) -> None:
    error = refused(tmp_path, NATIONAL.replace("Samples for a fair", "Échantillons").encode("latin-1"))
    assert error.line == 5 and "is not UTF-8 (byte 0xc9)" in error.problem and "Save the file as UTF-8" in error.problem


@pytest.mark.parametrize("character", ["\u202e", "\u2066", "\x07", "\x1b"])
def test_control_and_bidi_characters_are_refused_in_texts(tmp_path: Path, character: str) -> None:
    escaped = f"\\u{ord(character):04x}"  # as TOML writes it: the raw controls are a syntax error already
    error = refused(tmp_path, NATIONAL.replace('why = "The carnet is on hold."', f'why = "On {escaped}hold."'))
    assert (error.line, error.key) == (19, "why") and f"U+{ord(character):04X}" in error.problem
    assert "Delete it and type the text again" in error.problem


def test_a_single_bracket_table_or_a_stray_key_is_refused(tmp_path: Path) -> None:
    error = refused(tmp_path, NATIONAL.replace("[[exercise]]\nid", "[exercise]\nid"))
    assert error.line == 2 and "with two brackets" in error.problem
    error = refused(tmp_path, 'version = 2\n' + NATIONAL)
    assert error.line == 1 and '"version" is not part of an exercise file' in error.problem


def test_one_bad_file_refuses_the_whole_catalogue(tmp_path: Path) -> None:
    good = written(tmp_path, NATIONAL, "good.toml")
    bad = written(tmp_path, NATIONAL.replace('id = "ch-samples-import"', 'id = "other"').replace(
        'outcome = "Hold kept."\n', ""), "bad.toml")
    with pytest.raises(ExerciseFileError) as caught:
        load_catalogue([good, bad])
    assert caught.value.file == str(bad)


async def test_demo_reset_refuses_a_bad_file_and_leaves_the_demo_as_it_was(
    demo_world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    """A validation committed through the real central survives a reset refused for a bad exercise file."""
    [code] = [c for c in demo_codes(demo_world.store) if c.scenario == "validation" and c.trainee == 0]
    committed = await demo_world.client("officer.ch").commit(
        CommitRequest(carnet_id=code.carnet_id, transaction_code=code.transaction_code,
                      type=TransactionType.VALIDATION), str(uuid.uuid4()))
    before = history_of(demo_world, code.carnet_id)
    assert [t.transaction_id for t in before] == [committed.transaction.transaction_id]
    bad = written(tmp_path, NATIONAL.replace('type = "importation"', 'type = "importaton"'))
    assert main(["--db", str(demo_world.store.name), "demo", "reset", "--exercises", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f'Refused: {bad}:18: exercise "ch-samples-import", expectation 2, key "type": ')
    assert "The demo was not changed." in err
    assert history_of(demo_world, code.carnet_id) == before


DESK_PAGES: dict[str, tuple[Callable[..., tuple[str, list[str]]], tuple[object, ...], dict[str, object]]] = {
    "scan": (step_help.help_for, (1,), {}),
    "check-carnet": (step_help.help_for, (2,), {}),
    "check-goods": (step_help.help_for, (3,), {}),
    "check-vehicle": (step_help.help_for, (3,), {"vehicle": True}),
    "commit": (step_help.help_for, (4,), {}),
    "receipt": (step_help.help_for, (5,), {}),
    "vehicle-file": (step_help.vehicle_file_help, (), {}),
    "holds": (desk_help.holds_help, (), {}),
    "queue": (desk_help.queue_help, (), {}),
    "record-later": (desk_help.record_later_help, (), {}),
    "procedure": (desk_help.procedure_help, (), {}),
    "supervisor": (desk_help.supervisor_help, ("holds",), {}),
    "logs": (desk_help.logs_help, (), {}),
    "log-transaction": (desk_help.log_transaction_help, (), {}),
    "predeclarations": (desk_help.predeclarations_help, (), {}),
    "predeclaration": (desk_help.predeclaration_help, (), {}),
    "transits": (desk_help.transits_help, (), {}),
    "transit-details": (desk_help.transit_details_help, (), {}),
    "statistics": (desk_help.statistics_help, (), {}),
}
"""Each help topic an exercise may name, and the desk's F1 page it is."""


def test_the_help_topics_are_the_desks_f1_pages() -> None:
    assert set(HELP_TOPICS) == set(DESK_PAGES) and len(HELP_TOPICS) == len(set(HELP_TOPICS))
    pages = {name: function for module in (step_help, desk_help) for name, function in inspect.getmembers(
        module, inspect.isfunction) if function.__module__ == module.__name__ and not name.startswith("_")
        and (name.endswith("_help") or name == "help_for")}
    assert {function for function, _, _ in DESK_PAGES.values()} == set(pages.values()), "a desk page has no topic"
    assert {(args, tuple(kw.items())) for f, args, kw in DESK_PAGES.values() if f is step_help.help_for} == {
        ((step,), ()) for step in range(1, 6)} | {((3,), (("vehicle", True),))}, "a step has no topic"
    titles = [function(*args, **kw)[0] for function, args, kw in DESK_PAGES.values()]
    assert all(titles) and len(set(titles)) == len(titles), "two topics open the same page"


def test_the_shipped_catalogue_sends_trainees_to_pages_that_exist() -> None:
    assert {e.help for e in load_catalogue()} <= set(DESK_PAGES)


def test_a_file_that_cannot_be_read_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "missing.toml"
    with pytest.raises(ExerciseFileError) as caught:
        load_catalogue([missing])
    assert str(caught.value) == (f"{missing}: the file cannot be read (No such file or directory). "
                                 "Name a file you can read.")

"""The thin-link display: on by itself over SSH, or by the ``display`` setting; the terminal's 16 colours, no
animation, no blinking cursor; F12 draws the screen again. The full display keeps its look."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from ecarnet_tui.settings import SettingsError, load_settings
from tests.central_world import World
from tests.ui.harness import signed_in, workstation
from tests.ui.waiting import until


def _settings(tmp_path: Path, content: str) -> Path:
    path = tmp_path / "ecarnet.toml"
    path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize(("content", "ssh", "thin"), [
    ("", True, True), ("", False, False), ('display = "full"\n', True, False), ('display = "thin"\n', False, True),
])
def test_the_thin_link_is_on_over_ssh_unless_the_setting_says_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str, ssh: bool, thin: bool
) -> None:
    for name in ("SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"):
        monkeypatch.delenv(name, raising=False)
    if ssh:
        monkeypatch.setenv("SSH_CONNECTION", "10.0.0.2 50000 10.0.0.1 22")
    assert load_settings(_settings(tmp_path, content)).thin_link is thin


def test_a_bad_display_setting_says_what_to_write(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="'display' must be one of \"auto\", \"full\", \"thin\""):
        load_settings(_settings(tmp_path, 'display = "slow"\n'))


def _focused_input(app: object) -> Input:
    focused = getattr(app, "focused", None)
    assert isinstance(focused, Input), focused
    return focused


async def test_the_thin_link_desk_draws_in_ansi_colours_and_nothing_blinks(world: World) -> None:
    app = workstation(world, thin_link=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot, app)
        await until(pilot, lambda: isinstance(app.focused, Input))
        assert app.current_theme.name == "ansi-dark" and app.current_theme.ansi
        assert app.animation_level == "none"
        assert _focused_input(app).cursor_blink is False
        await pilot.press("tab")
        await until(pilot, lambda: isinstance(app.focused, Input) and app.focused.cursor_blink is False)
        await pilot.press("f12")  # draws again; the desk stays where it was
        await pilot.pause()
        assert isinstance(app.focused, Input)


async def test_the_full_display_keeps_its_theme_and_blinking_cursor(world: World) -> None:
    app = workstation(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot, app)
        await until(pilot, lambda: isinstance(app.focused, Input))
        assert not app.current_theme.ansi
        assert app.animation_level != "none"
        assert _focused_input(app).cursor_blink is True

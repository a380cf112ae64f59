"""The workstation's keys by action: what ``keymap`` in the settings may remap (Textual applies the remapping to
the bindings' ids), what ``ecarnet --keys`` lists, and the F1 help written with the keys as remapped."""

from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import dataclass
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen

import ecarnet_tui.screens
import ecarnet_tui.widgets
from ecarnet_tui.i18n import _

KEY_NAMES = {"escape": "Escape", "enter": "Enter", "tab": "Tab", "space": "Space", "backspace": "Backspace",
             "delete": "Delete", "home": "Home", "end": "End", "pageup": "PageUp", "pagedown": "PageDown",
             "up": "Up", "down": "Down", "left": "Left", "right": "Right", "backslash": "\\"}
KEY = re.compile(r"^((ctrl|shift|alt|super)\+)*([a-z0-9]|f[0-9]{1,2}|" + "|".join(KEY_NAMES) + r")$")


@dataclass(frozen=True)
class Action:
    """A key's action somewhere in the workstation."""

    id: str
    key: str
    """The key as Textual names it by default, e.g. ``ctrl+n``."""
    description: str


def key_name(key: str) -> str:
    """How the help writes a key: ``ctrl+n`` is ``Ctrl+N``, ``f10`` is ``F10``."""
    first = key.split(",", maxsplit=1)[0].strip()
    parts = first.split("+")
    *mods, last = parts
    shown = KEY_NAMES.get(last, last.upper() if len(last) == 1 or last.startswith("f") else last.capitalize())
    return "+".join([*(m.capitalize() for m in mods), shown])


def _bindings_of(node: type[DOMNode] | type[App[Any]]) -> list[Binding]:
    found: list[Binding] = []
    for base in reversed(node.__mro__):
        for binding in base.__dict__.get("BINDINGS", []):
            if isinstance(binding, Binding):
                found.append(binding)
    return found


def actions(app_class: type[App[Any]]) -> dict[str, Action]:
    """Every action with an id that a key triggers, in the app and in every screen and widget of the workstation."""
    for package in (ecarnet_tui.screens, ecarnet_tui.widgets):
        for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            importlib.import_module(module.name)
    classes: list[type[DOMNode] | type[App[Any]]] = [app_class]
    todo: list[type[DOMNode]] = [Screen, *DOMNode.__subclasses__()]
    while todo:
        cls = todo.pop()
        if cls.__module__.startswith("ecarnet_tui."):
            classes.append(cls)
        todo.extend(cls.__subclasses__())
    found: dict[str, Action] = {}
    for cls in classes:
        for binding in _bindings_of(cls):
            if binding.id and binding.id not in found:
                found[binding.id] = Action(binding.id, binding.key, str(binding.description))
    return found


def keymap_problem(keymap: dict[str, str], known: dict[str, Action]) -> str | None:
    """Why ``keymap`` cannot be used (an action that does not exist, a key that is not a key), or ``None``."""
    unknown = sorted(set(keymap) - set(known))
    if unknown:
        return _("keymap: no action named {names}. `ecarnet --keys` lists the actions and their keys.").format(
            names=", ".join(unknown))
    bad = sorted(key for keys in keymap.values() for key in keys.split(",") if not KEY.match(key.strip().lower()))
    if bad:
        return _("keymap: {keys} is not a key; write keys as ctrl+k, f10, escape...").format(keys=", ".join(bad))
    return None


def help_with_keys(points: list[str], screen: Screen[Any], keymap: dict[str, str]) -> list[str]:
    """``points`` with each remapped key of ``screen`` written as the officer now presses it."""
    if not keymap:
        return points
    defaults = {b.id: b.key for b in _bindings_of(type(screen)) + _bindings_of(type(screen.app)) if b.id}
    changes = [(key_name(defaults[id_]), key_name(new)) for id_, new in keymap.items() if id_ in defaults]
    shown = []
    for point in points:
        text = point
        for old, new in changes:
            text = re.sub(rf"(?<![\w+]){re.escape(old)}(?![\w+])", new, text)
        shown.append(text)
    return shown

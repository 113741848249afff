"""The config's ``[keymap]`` checked against the bindings cvtui has, and the keys really bound.

Textual applies a keymap silently: an id that names no binding does nothing, and a key that
a widget nearer the focus already uses shadows the remapped binding (``"app.help" = "j"``
leaves help unreachable from every list, where ``j`` moves down). Both become warnings that
name the config file and line. Captions that mention keys ask :func:`key_label` for the key
a binding has now, so they say ``Y`` once ``papers.sort_year`` is ``Y``.
"""

from __future__ import annotations

import difflib
import importlib
import pkgutil
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.widget import Widget

from .config import MAX_CONFIG_BYTES, config_path
from .core.files import read_regular
from .core.locate import locator
from .core.problems import Problem
from .core.text import display_name, one_line

__all__ = ["binding_ids", "key_label", "keymap_problems"]


def _own_bindings(cls: type) -> Iterator[Binding]:
    """The bindings a class declares or inherits (each id once, the nearest class's)."""
    seen: set[str] = set()
    for klass in cls.__mro__:
        for binding in vars(klass).get("BINDINGS", ()):
            if isinstance(binding, Binding):
                key = binding.id or f"{binding.key}:{binding.action}"
                if key not in seen:
                    seen.add(key)
                    yield binding


def _cvtui_classes() -> Iterator[type]:
    """Every widget, screen and app class of cvtui that is imported."""
    todo: list[type] = [DOMNode]
    seen: set[type] = set()
    while todo:
        cls = todo.pop()
        subclasses: list[type] = cls.__subclasses__()
        for sub in subclasses:
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
                if sub.__module__.startswith("cvtui."):
                    yield sub


def _import_views() -> None:
    """Import every view and widget module: views are imported when first shown, and a
    binding of one not shown yet is still a binding."""
    from . import views, widgets

    for package in (views, widgets):
        for module in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{module.name}")


def binding_ids() -> dict[str, str]:
    """Binding id → what it does, for every binding of cvtui's views and widgets."""
    _import_views()
    found: dict[str, str] = {}
    for cls in _cvtui_classes():
        for binding in _own_bindings(cls):
            if binding.id:
                found.setdefault(binding.id, binding.description or binding.action)
    return found


def _keys(binding: Binding, keymap: Mapping[str, str]) -> list[str]:
    keys = keymap.get(binding.id or "", binding.key) if binding.id else binding.key
    return _user_keys(keys)


def _user_keys(keys: str) -> list[str]:
    return [key.strip() for key in keys.split(",") if key.strip()]


def _chains(app: App[Any]) -> Iterator[list[DOMNode]]:
    """For each widget that can take the focus: it and its ancestors up to the app."""
    for widget in app.screen.query(Widget):
        if widget.can_focus:
            chain: list[DOMNode] = []
            node: DOMNode | None = widget
            while node is not None:
                chain.append(node)
                node = node.parent
            yield chain


def _clashes(app: App[Any], keymap: Mapping[str, str]) -> dict[tuple[str, str], str]:
    """(remapped id, key) → the other binding that has the key where the focus can be.

    Only keys the user gave are looked at: cvtui's own defaults shadow on purpose (``/``
    filters a list, where the app's ``/`` would search everything).
    """
    found: dict[tuple[str, str], str] = {}
    for chain in _chains(app):
        holders: dict[str, list[Binding]] = {}
        for node in chain:
            for binding in _own_bindings(type(node)):
                for key in _keys(binding, keymap):
                    holders.setdefault(key, []).append(binding)
        for key, bindings in holders.items():
            ids = list(dict.fromkeys(b.id for b in bindings if b.id))
            for binding_id in ids:
                if binding_id in keymap and key in _user_keys(keymap[binding_id]):
                    others = [other for other in ids if other != binding_id]
                    if others:
                        found.setdefault((binding_id, key), others[0])
    return found


def keymap_problems(
    app: App[Any], keymap: Mapping[str, str], path: Path | None = None
) -> list[Problem]:
    """Warnings for ``[keymap]`` entries that name no binding or collide with another one."""
    if not keymap:
        return []
    path = path or config_path()
    name = display_name(str(path))
    try:
        text = read_regular(path, MAX_CONFIG_BYTES).decode("utf-8-sig", errors="replace")
    except OSError:
        text = ""
    find = locator(text)
    known = binding_ids()
    described = {b.id: b.description for c in _cvtui_classes() for b in _own_bindings(c) if b.id}
    problems: list[Problem] = []

    def warn(binding_id: str, message: str) -> None:
        line, col = find(f"keymap.{binding_id}")
        problems.append(Problem(name, message, line, col, f"keymap.{binding_id}", "warning"))

    for binding_id in keymap:
        if binding_id not in known:
            shown = one_line(binding_id)[:80]
            close = difflib.get_close_matches(binding_id, list(known), n=1, cutoff=0.6)
            hint = f" (did you mean `{close[0]}`?)" if close else ""
            warn(binding_id, f"no binding has the id `{shown}`{hint}; ignored")
    for (binding_id, key), other in sorted(_clashes(app, keymap).items()):
        what = described.get(other) or other
        warn(
            binding_id,
            f"`{key}` is also `{other}` ({what}): where both apply, one of them never "
            "runs; choose another key",
        )
    return problems


def key_label(node: DOMNode, binding_id: str, default: str) -> str:
    """How the key of ``binding_id`` reads now (its first key), or ``default``'s."""
    keymap: Mapping[str, str] = getattr(node.app, "_keymap", {})
    keys = keymap.get(binding_id, default)
    first = keys.split(",")[0].strip()
    return node.app.get_key_display(Binding(first, ""))


def bound_keys(node: DOMNode, binding_ids: Iterable[tuple[str, str]]) -> str:
    """The current keys of several bindings, as in ``(y T v)``."""
    return " ".join(key_label(node, binding_id, default) for binding_id, default in binding_ids)

"""Names a package exports, imported from their modules on first use.

``import warta`` and a search load only what they use: a package's
``__init__`` lists its public names and where they live, and this makes the
module ``__getattr__`` that imports each one when it is first asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def exports(namespace: dict[str, Any], modules: Mapping[str, tuple[str, ...]]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for *namespace* (a package's globals) serving the names of *modules*.

    *modules* maps a module's full name to the names it provides.
    """
    where = {name: module for module, names in modules.items() for name in names}

    def __getattr__(name: str) -> Any:  # noqa: N807 - the module hook's own name
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {namespace['__name__']!r} has no attribute {name!r}")
        value = getattr(import_module(module), name)
        namespace[name] = value  # found directly next time
        return value

    return __getattr__


def names(modules: Mapping[str, tuple[str, ...]]) -> list[str]:
    """Every name of *modules*, sorted: a package's ``__all__``."""
    return sorted(name for provided in modules.values() for name in provided)

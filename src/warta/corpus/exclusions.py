"""Files of a corpus folder that are not news: left out by default, by ``--exclude`` and by ``.wartaignore``.

Exports come with their README, licence and changelog; those are left out
unless asked for.  A user leaves out more with ``--exclude GLOB`` (repeatable)
or a ``.wartaignore`` file at the root of a folder given to ingest.  All
three are read as gitignore patterns (by `pathspec`, the library pip and
black use), relative to that folder, in this order, and a later pattern
overrides an earlier one as in git: ``!README.md`` in ``.wartaignore`` takes
a README back in.

The default names are matched whatever their case (``README.TXT``,
``License.md``): as the whole name or its stem (``README``, ``CHANGES.md``),
and README, licence and copying notes also with a suffix
(``LICENSE-MIT.txt``, ``README_id.md``); not ``changes-to-tax-law.txt``,
which may well be an article.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pathspec import GitIgnoreSpec

IGNORE_FILE = ".wartaignore"
DEFAULT_NAMES = ("README", "LICENSE", "LICENCE", "COPYING", "CHANGELOG", "CHANGES")
SUFFIXED_NAMES = ("README", "LICENSE", "LICENCE", "COPYING")  # also README-id.md, LICENSE-MIT
# Why a file was left out, as a summary counts them: "4 README, licence or changelog (by default)"
DEFAULT_REASON = "README, licence or changelog (by default)"


def _any_case(name: str) -> str:
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in name)


def _default_patterns() -> list[str]:
    """``README`` and ``README.*`` for each default name, ``LICENSE-*`` and ``_*`` for some, in any case."""
    patterns = [_any_case(name) + tail for name in DEFAULT_NAMES for tail in ("", ".*")]
    return patterns + [_any_case(name) + tail for name in SUFFIXED_NAMES for tail in ("-*", "_*")]


class Exclusions:
    """Which files under one root folder are left out, and why.

    A line of ``.wartaignore`` that is not a pattern (``!`` alone) is left
    out and listed in `bad_lines`, (line number, what is wrong), for the
    caller to report; the others still apply.
    """

    def __init__(self, root: Path, patterns: Sequence[str] = ()) -> None:
        self.ignore_file = root / IGNORE_FILE
        self.bad_lines: list[tuple[int, str]] = []
        lines = [(p, DEFAULT_REASON) for p in _default_patterns()]
        try:
            own = self.ignore_file.read_text("utf-8", errors="replace").splitlines()
        except OSError:  # none (the usual case), or unreadable: nothing of it applies
            own = []
        for number, line in enumerate(own, 1):
            if not line.strip() or line.startswith("#"):
                continue  # blank lines and comments, as in .gitignore
            try:
                GitIgnoreSpec.from_lines([line])
            except ValueError:
                self.bad_lines.append((number, f"{line.strip()!r} is not a gitignore pattern: line left out"))
                continue
            lines.append((line, f"matching {IGNORE_FILE}'s {line.strip()}"))
        lines += [(p, f"matching --exclude {p.strip()}") for p in patterns]
        self._reasons = [reason for _line, reason in lines]
        self._spec = GitIgnoreSpec.from_lines(line for line, _reason in lines)
        assert len(self._spec.patterns) == len(lines), "a reason for every pattern"

    def reason(self, rel: str) -> str | None:
        """Why the file at *rel* (relative to the root, with ``/``) is left out; None when it is read."""
        result = self._spec.check_file(rel)
        if not result.include or result.index is None:
            return None
        return self._reasons[result.index]

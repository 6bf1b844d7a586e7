"""Files of a corpus folder that are not news: left out by default, by ``--exclude`` and by ``.wartaignore``.

Exports come with their README, licence and changelog; those files are left
out unless asked for.  A user leaves out more with ``--exclude GLOB``
(repeatable) or a ``.wartaignore`` file at the root of a folder given to
ingest, both read as gitignore patterns (by `pathspec`, the library pip and
black use) relative to that folder; a later pattern overrides an earlier one
as in git, and ``!README.md`` takes a README back in.

The default names are file names, matched whatever their case as the whole
name or with one extension (``README``, ``README.TXT``, ``License.md``,
``CHANGES.md``), and README, licence and copying notes also with a suffix
when written in capitals (``LICENSE-MIT.txt``, ``README_id.md``); not a
folder named ``changes/``, nor ``license-plate-fraud.txt`` or
``changes-to-tax-law.txt``, which may well be articles.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from pathspec import GitIgnoreSpec

IGNORE_FILE = ".wartaignore"
# Why a file was left out, as a summary counts them: "4 README, licence or changelog (by default)"
DEFAULT_REASON = "README, licence or changelog (by default)"
# README, LICENSE/LICENCE, COPYING, CHANGELOG, CHANGES: the whole name, or with one extension, in
# any case; README, LICENSE and COPYING also with a suffix when written in capitals (LICENSE-MIT,
# README_id.md), so that "license-plate-fraud.txt" or "changes-to-tax-law.txt" are still read.
_DEFAULT_NAME_RE = re.compile(r"(?i:readme|licen[cs]e|copying|changelog|changes)(?:\.[^.]+)?")
_DEFAULT_SUFFIXED_RE = re.compile(r"(?:README|LICEN[CS]E|COPYING)[-_].+")


def is_default_excluded(name: str) -> bool:
    """Whether a file named *name* is a README, licence or changelog, left out unless asked for."""
    return bool(_DEFAULT_NAME_RE.fullmatch(name) or _DEFAULT_SUFFIXED_RE.fullmatch(name))


class Exclusions:
    """Which files under one root folder are left out, and why.

    The user's patterns (``.wartaignore``, then ``--exclude``) are read
    first, a later one overriding an earlier one as in git; a file none of
    them names is left out when its name is a README, licence or changelog
    (`is_default_excluded`), and a ``!`` pattern that names it takes it back.
    A line of ``.wartaignore`` that is not a pattern (``!`` alone) is left out
    and listed in `bad_lines`, (line number, what is wrong), for the caller
    to report; the others still apply.
    """

    def __init__(self, root: Path, patterns: Sequence[str] = ()) -> None:
        self.ignore_file = root / IGNORE_FILE
        self.bad_lines: list[tuple[int, str]] = []
        lines: list[tuple[str, str]] = []
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
        self.used: set[str] = set()  # the reasons that left out some file

    @property
    def patterns(self) -> list[str]:
        """The user's patterns, as their reasons name them (what `used` is compared with)."""
        return list(self._reasons)

    def reason(self, rel: str) -> str | None:
        """Why the file at *rel* (relative to the root, with ``/``) is left out; None when it is read."""
        result = self._spec.check_file(rel)
        if result.include is False:  # taken back by a "!" pattern
            return None
        if result.include and result.index is not None:
            why = self._reasons[result.index]
        elif is_default_excluded(rel.rpartition("/")[2]):
            why = DEFAULT_REASON
        else:
            return None
        self.used.add(why)
        return why

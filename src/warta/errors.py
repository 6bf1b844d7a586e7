"""Errors that reach the user as one line and a distinct exit code."""

from __future__ import annotations

import string
from collections.abc import Mapping

# Exit codes shared by every command (documented in the README).
EXIT_OK = 0
EXIT_NO_RESULTS = 1  # search found nothing; ingest indexed the rest but some input failed
EXIT_USAGE = 2  # bad arguments, bad query, missing index
EXIT_INDEX_UNAVAILABLE = 3  # index locked by another writer, or unreadable
EXIT_INTERRUPTED = 130  # stopped by Ctrl-C (128 + SIGINT, as shells report it)


class WartaError(Exception):
    """Base class: ``str(err)`` is the one-line message, ``exit_code`` the status."""

    exit_code = EXIT_USAGE


class UsageError(WartaError):
    """The user asked for something that cannot be done as asked."""


class RequestError(UsageError):
    """A value given to warta cannot be used (`warta.requests` checks them all).

    The message names the parameters it is about in braces (``"{limit} must
    not be negative"``): ``str(err)`` says ``limit``, as the library calls it,
    and a front end says it in its own terms with `worded` (the command line
    says ``--limit``).  *parameter* is the one at fault, for a web API's reply.
    """

    def __init__(self, parameter: str, template: str, **values: object) -> None:
        self.parameter = parameter
        self.template = template
        self.values = values
        super().__init__(self.worded({}))

    def worded(self, names: Mapping[str, str]) -> str:
        """The message with each parameter called as *names* says (as the library calls it otherwise)."""
        fields = {name for _text, name, _spec, _conv in string.Formatter().parse(self.template) if name}
        called = {name: names.get(name, name) for name in fields - self.values.keys()}
        return self.template.format(**called, **self.values)


class QueryError(UsageError):
    """The query has nothing searchable in it."""


class AmbiguousIdError(UsageError):
    """An id the user gave names articles of several files, and none of them has it as its own."""

    def __init__(self, given: str, candidates: list[str]) -> None:
        self.given = given
        self.candidates = candidates
        shown = ", ".join(repr(c) for c in candidates)
        super().__init__(f"id {given!r} is in {len(candidates)} files: {shown}; give one of these ids")


class IndexMissingError(UsageError):
    """There is no index at the given location."""


class IndexLockedError(WartaError):
    """Another process is writing the index."""

    exit_code = EXIT_INDEX_UNAVAILABLE


class IndexUnreadableError(WartaError):
    """The index exists but cannot be opened or read."""

    exit_code = EXIT_INDEX_UNAVAILABLE


class IndexWriteError(WartaError):
    """The index could not be written (a full disk, a folder without permission); its last commit stands."""

    exit_code = EXIT_INDEX_UNAVAILABLE


class ClusterError(WartaError):
    """A Dask cluster, or one shard on it, cannot be reached or did not answer in time."""

    exit_code = EXIT_INDEX_UNAVAILABLE


class IngestInterruptedError(KeyboardInterrupt):
    """An ingest stopped by Ctrl-C: the message says what the index kept and how to finish.

    A `KeyboardInterrupt`, so that a script's ``except Exception`` does not
    swallow the user's Ctrl-C.
    """

    exit_code = EXIT_INTERRUPTED

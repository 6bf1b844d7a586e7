"""Errors that reach the user as one line and a distinct exit code."""

from __future__ import annotations

# Exit codes shared by every command (documented in the README).
EXIT_OK = 0
EXIT_NO_RESULTS = 1  # search found nothing; ingest indexed the rest but some input failed
EXIT_USAGE = 2  # bad arguments, bad query, missing index
EXIT_INDEX_UNAVAILABLE = 3  # index locked by another writer, or unreadable


class WartaError(Exception):
    """Base class: ``str(err)`` is the one-line message, ``exit_code`` the status."""

    exit_code = EXIT_USAGE


class UsageError(WartaError):
    """The user asked for something that cannot be done as asked."""


class QueryError(UsageError):
    """The query has nothing searchable in it."""


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

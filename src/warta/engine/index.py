"""One logical index made of one or more Whoosh shards.

An index folder holds a small manifest and one Whoosh index per shard::

    index/
      warta.json        manifest: format version, generation, shard folders
      write.lock        held (flock) by the one process writing, with its PID
      g1-s0/ g1-s1/     the shards of generation 1

Each article lives in exactly one shard, chosen by a stable hash of its id, so
shards can be written in parallel (one process each) and later spread over
machines.  Searching never opens a shard on its own: the segments of every
shard are read through one Whoosh ``MultiReader``, so document frequencies and
field lengths are summed over the whole collection and the BM25F ranking is the
same as that of a single index holding every article.

A rebuild writes a new generation beside the old one and switches the manifest
atomically, so the old index stays searchable until the new one is complete.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import json
import os
import pickle
import re
import shlex
import shutil
import struct
import time
import zlib
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from whoosh import fields
from whoosh import index as whoosh_index
from whoosh.reading import MultiReader

from ..errors import IndexLockedError, IndexMissingError, IndexUnreadableError
from ..model import IndexedDoc
from . import whoosh_fixes  # noqa: F401  (mends Whoosh's matchers before any search)
from .passages import piece_counts
from .schema import build_schema, decode_inventory

FORMAT_NAME = "warta-index"
FORMAT_VERSION = 6  # 2: dateline, speakers, paragraph and quote positions, near-duplicate signatures;
# 3: every article has a language, and its words are stemmed for it;
# 4: warta's corrections of Sastrawi stems (`stem_corrections`);
# 5: ids told apart by their file (given_id), sources from web addresses, more stem
# corrections, Indonesian told from Malay better, dates bounded;
# 6: an inventory column for updates, pieces packed as numbers (`passages.pack_pieces`).
# An index of format 5 is read and updated as it is (its pieces in JSON, without an inventory).
READABLE_VERSIONS = (5, 6)
MANIFEST = "warta.json"
LOCK_FILE = "write.lock"
DEFAULT_SHARDS = 2


def shard_of(doc_id: str, shard_count: int) -> int:
    """The shard an article id belongs to (stable across runs and machines)."""
    return zlib.crc32(doc_id.encode("utf-8", "surrogatepass")) % shard_count


class WartaIndex:
    """An open logical index (read side).  Use `open_index` or `create_index`."""

    def __init__(self, root: Path, manifest: dict[str, object]) -> None:
        self.root = root
        self._open(manifest)

    def _open(self, manifest: dict[str, object]) -> None:
        self.manifest = manifest
        self.generation = int(manifest["generation"])  # type: ignore[call-overload]
        self.shard_dirs = [self.root / str(name) for name in manifest["shards"]]  # type: ignore[attr-defined]
        try:
            self._shards = [whoosh_index.open_dir(str(d)) for d in self.shard_dirs]
        except Exception as err:  # Whoosh raises many kinds on a damaged index
            raise IndexUnreadableError(
                f"index at {self.root} cannot be opened ({type(err).__name__}: {err}); "
                f"rebuild it with: {ingest_command(self.root, rebuild=True)}"
            ) from None

    @property
    def incomplete(self) -> bool:
        """True when the ingest that built this index stopped before finishing."""
        return bool(self.manifest.get("building"))

    @property
    def shard_count(self) -> int:
        return len(self._shards)

    @property
    def schema(self) -> fields.Schema:
        return self._shards[0].schema

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Report a damaged index (a truncated or missing segment file) as such.

        Whoosh opens segment files lazily, so the damage shows while reading:
        as an end of file, a missing file or a bad pickle.  Programming errors
        (TypeError, KeyError, ...) are deliberately not caught here.
        """
        try:
            yield
        except (OSError, EOFError, struct.error, zlib.error, pickle.UnpicklingError) as err:
            raise IndexUnreadableError(
                f"index at {self.root} is damaged ({type(err).__name__}: {err}); "
                f"rebuild it with: {ingest_command(self.root, rebuild=True)}"
            ) from None

    def reader(self) -> MultiReader:
        """One reader over the segments of every shard."""
        with self.reading():
            leaves = self._leaf_readers()
        # A shard with no articles yet has an EmptyReader, which lacks columns
        # (facets, signatures) and adds nothing; an index with no articles at
        # all keeps them (search answers it before reading any column).
        filled = [leaf for leaf in leaves if leaf.doc_count_all()]
        return MultiReader(filled or leaves)

    def _leaf_readers(self) -> list[object]:
        """The segment readers of every shard, as of each shard's last commit.

        Whoosh itself retries when a commit deletes a segment file between its
        reading the table of contents and opening the file.  What it cannot
        know is that a rebuild switched the index to a new generation and
        removed the old shard folders after this index was opened: then the
        manifest is read again and the new shards are opened, rather than
        calling the index damaged.  Once opened, a segment stays readable.
        """
        try:
            return [leaf for shard in self._shards for leaf, _offset in shard.reader().leaf_readers()]
        except (FileNotFoundError, whoosh_index.EmptyIndexError):
            manifest = read_manifest(self.root)
            if manifest is None or manifest.get("shards") == self.manifest.get("shards"):
                raise
            self._open(manifest)
            return [leaf for shard in self._shards for leaf, _offset in shard.reader().leaf_readers()]

    def searcher(self, weighting: object | None = None) -> object:
        from whoosh.searching import Searcher

        from .ranking import default_weighting

        return Searcher(self.reader(), weighting=weighting or default_weighting())

    def doc_count(self) -> int:
        return sum(s.doc_count() for s in self._shards)

    def piece_counts(self) -> dict[str, int]:
        """How many paragraphs and quotes the articles hold (``--unit passage``, ``--unit quote``)."""
        counts = {"paragraphs": 0, "quotes": 0}
        with self.reading(), self.reader() as reader:
            if not reader.doc_count_all():
                return counts
            column = reader.column_reader("pieces", translate=False)
            for docnum in reader.all_doc_ids():
                paragraphs, quotes = piece_counts(column[docnum])
                counts["paragraphs"] += paragraphs
                counts["quotes"] += quotes
        return counts

    def size_bytes(self) -> int:
        total = 0
        for d in self.shard_dirs:
            for f in d.iterdir():
                if f.is_file():
                    total += f.stat().st_size
        return total

    def iter_stored(self) -> Iterator[dict[str, object]]:
        """Stored fields of every live article, shard by shard."""
        with self.reading():
            for shard in self._shards:
                with shard.reader() as r:
                    yield from r.all_stored_fields()

    def inventory(self) -> dict[str, IndexedDoc]:
        """Every indexed article id with its content hash and source file.

        Read from the ``inventory`` column, which holds just that (reading the
        stored fields decompresses every article's text: 0.6 s against 0.05 s
        on id-news); from the stored fields in a segment written before the
        column, or for an article without a value in it.
        """
        found: dict[str, IndexedDoc] = {}
        with self.reading():
            for shard in self._shards:
                with shard.reader() as r:
                    for leaf, _offset in r.leaf_readers():
                        found.update(_leaf_inventory(leaf))
        return found

    def stored(self, doc_id: str) -> dict[str, object] | None:
        """The stored fields of one article, or None when the index has no such id."""
        shard = self._shards[shard_of(doc_id, self.shard_count)]
        with self.reading(), shard.searcher() as s:
            found = s.document(id=doc_id)
        return dict(found) if found else None

    def ids_given(self, given_id: str) -> list[str]:
        """The ids of the articles whose record gave *given_id* as its id, when another file had it too."""
        found: list[str] = []
        with self.reading():
            for shard in self._shards:
                with shard.searcher() as s:
                    found.extend(str(d["id"]) for d in s.documents(given_id=given_id))
        return sorted(found)

    def shard_index(self, number: int) -> object:
        return self._shards[number]


# -- opening and creating --------------------------------------------------------


def index_state(root: Path) -> tuple[object, ...]:
    """What changes when an ingest commits or a rebuild switches generations: the manifest, and
    each shard's table of contents (Whoosh writes a new one at each commit).  Cheap: a file read
    and a folder listing per shard; a searcher compares it to tell that it is out of date."""
    manifest = read_manifest(root)
    if manifest is None:
        return ()
    tocs = tuple(
        tuple(sorted(entry.name for entry in shard)) for shard in _tables_of_contents(root, manifest)
    )
    return (manifest.get("generation"), tocs)


def last_changed(root: Path) -> dt.datetime | None:
    """When an ingest last committed to the index at *root* (its newest table of contents or
    manifest), in UTC; None when there is no index."""
    manifest = read_manifest(root)
    if manifest is None:
        return None
    times = [(root / MANIFEST).stat().st_mtime]
    times += [entry.stat().st_mtime for shard in _tables_of_contents(root, manifest) for entry in shard]
    return dt.datetime.fromtimestamp(max(times), dt.UTC)


def _tables_of_contents(root: Path, manifest: dict[str, object]) -> list[list[os.DirEntry[str]]]:
    """Each shard's table-of-contents files (none for a shard folder that cannot be listed)."""
    found = []
    for name in manifest.get("shards", []):  # type: ignore[attr-defined]
        try:
            found.append([entry for entry in os.scandir(root / str(name)) if entry.name.endswith(".toc")])
        except OSError:
            found.append([])
    return found


def read_manifest(root: Path) -> dict[str, object] | None:
    """The manifest of the index at *root*; None when there is none; `IndexUnreadableError` when unusable."""
    path = root / MANIFEST
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as err:
        raise IndexUnreadableError(
            f"index manifest {path} is unreadable ({err}); "
            f"rebuild it with: {ingest_command(root, rebuild=True)}"
        ) from None
    if not isinstance(data, dict):
        data = {}  # valid JSON but not a manifest: reported below as of another format
    if data.get("format") != FORMAT_NAME or data.get("version") not in READABLE_VERSIONS:
        raise IndexUnreadableError(
            f"index at {root} was written by an incompatible version of warta; "
            f"rebuild it with: {ingest_command(root, rebuild=True)}"
        )
    shards = data.get("shards")
    # A manifest edited or damaged by hand would otherwise fail later, with a
    # KeyError or an index of no shards, far from its cause.
    if (
        not isinstance(data.get("generation"), int)
        or not isinstance(shards, list)
        or not shards
        or not all(isinstance(name, str) and name and "/" not in name for name in shards)
    ):
        raise IndexUnreadableError(
            f"index manifest {path} is unreadable (no generation or no list of shards); "
            f"rebuild it with: {ingest_command(root, rebuild=True)}"
        )
    return data


INGEST_STATE = "ingest-state.json"


def read_ingest_state(root: Path) -> dict[str, dict[str, str]]:
    """What the last ingest learnt about the corpus files (path -> size:mtime signature).

    ``verified``: files read without failure, so that a file whose time changed
    but whose content did not is read once, not at every run; ``failed``: files
    with failures, read again next time so that the failures are reported until
    fixed; ``pending``: files an ingest was reading when it stopped without
    finishing, read again next time; ``settings``: what the last complete
    ingest was given (`corpus_settings`), so that a remedy can name it and a
    changed field map makes the next ingest read every file again.  Losing
    this file costs only re-reading.
    """
    try:
        data = json.loads((root / INGEST_STATE).read_text("utf-8"))
    except (OSError, ValueError):
        data = {}
    state: dict[str, dict[str, str]] = {}
    for part in ("verified", "failed", "pending", "settings"):
        entries = data.get(part) if isinstance(data, dict) else None
        state[part] = {str(k): str(v) for k, v in entries.items()} if isinstance(entries, dict) else {}
    return state


# What an ingest was given, per folder or file given to it (its absolute path): the field map
# and exclusions it was read with.  One index is often fed by several ingests of different
# folders, each with its own options.
RootSettings = dict[str, tuple[dict[str, str], list[str]]]


def recorded_roots(state: Mapping[str, Mapping[str, str]]) -> RootSettings:
    """The folders and files ingests of this index were given, with their options (see `corpus_settings`)."""
    try:
        data = json.loads(state.get("settings", {}).get("roots", "{}"))
    except ValueError:
        return {}
    roots: RootSettings = {}
    for path, options in data.items() if isinstance(data, dict) else ():
        fields = options.get("fields") if isinstance(options, dict) else None
        exclude = options.get("exclude") if isinstance(options, dict) else None
        if isinstance(fields, dict) and isinstance(exclude, list):
            roots[str(path)] = (
                {str(k): str(v) for k, v in fields.items()},
                [str(p) for p in exclude],
            )
    return roots


def corpus_settings(
    state: Mapping[str, Mapping[str, str]],
    paths: Iterable[Path],
    field_map: Mapping[str, str] | None,
    exclude: Iterable[str] = (),
    *,
    keep: bool = False,
) -> dict[str, str]:
    """The settings part of the ingest state once an ingest of *paths* with these options is done.

    Folders recorded before stay as they were (those that are gone are
    dropped); *paths* get these options, or with *keep* the options they
    were recorded with, when they were (a run that has not finished yet).
    """
    before = recorded_roots(state)
    roots = {path: options for path, options in before.items() if os.path.exists(path)}
    options = (dict(sorted((field_map or {}).items())), list(exclude))
    for path in paths:
        key = os.path.abspath(path)
        roots[key] = before[key] if keep and key in before else options
    data = {path: {"fields": fields, "exclude": patterns} for path, (fields, patterns) in roots.items()}
    return {"roots": json.dumps(data, ensure_ascii=False, sort_keys=True)}


def ingest_command(
    root: Path,
    *,
    rebuild: bool = False,
    paths: Iterable[str | os.PathLike[str]] = (),
    field_map: Mapping[str, str] | None = None,
    exclude: Iterable[str] = (),
) -> str:
    """The command that updates (or rebuilds) the index at *root*, ready to be run as written.

    With *paths*, from those with *field_map* and *exclude*; without, from
    every folder the index was fed from, with the options it was read with:
    folders read with the same options in one command, and one command per
    set of options, joined with ``&&`` (only the first rebuilds).  ``PATHS``
    stands for the folders when they are not known (an index built by an
    older warta).
    """
    given = [str(p) for p in paths]
    if given:
        groups = [(given, dict(field_map or {}), list(exclude))]
    else:
        by_options: dict[str, tuple[list[str], dict[str, str], list[str]]] = {}
        for path, (fields, patterns) in recorded_roots(read_ingest_state(root)).items():
            key = json.dumps([fields, patterns], sort_keys=True)
            by_options.setdefault(key, ([], fields, patterns))[0].append(_shown(path))
        groups = list(by_options.values()) or [(["PATHS"], {}, [])]
    commands = []
    for number, (folders, fields, patterns) in enumerate(groups):
        words = ["warta", "ingest", *folders, *(["--rebuild"] if rebuild and number == 0 else [])]
        words += ["--index", str(root)]
        for name, value in fields.items():
            words += ["--field", f"{name}={value}"]
        for pattern in patterns:
            words += ["--exclude", pattern]
        commands.append(" ".join(shlex.quote(word) for word in words))
    return " && ".join(commands)


def _shown(path: str) -> str:
    """*path* as a user would type it here: relative to the working folder when inside it."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def write_ingest_state(root: Path, state: dict[str, dict[str, str]]) -> None:
    text = json.dumps(state, indent=1, sort_keys=True) + "\n"
    path = root / INGEST_STATE
    with contextlib.suppress(OSError):
        if path.read_text("utf-8") == text:
            return  # an unchanged corpus writes nothing
    tmp = root / f".{INGEST_STATE}.{os.getpid()}.tmp"
    tmp.write_text(text, "utf-8")
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())  # the pending marks must outlive a power cut, not only a kill
    os.replace(tmp, path)


def index_exists(root: str | os.PathLike[str]) -> bool:
    return (Path(root) / MANIFEST).is_file()


def open_index(root: str | os.PathLike[str] = "index", *, writing: bool = False) -> WartaIndex:
    """Open the index at *root* for searching (or, with *writing*, for the ingest holding its lock).

    An index whose first build is still running is refused, naming the
    builder's PID; one whose first build stopped without finishing (killed)
    opens with what it committed, and `WartaIndex.incomplete` says so.
    """
    root = Path(root)
    manifest = read_manifest(root)
    # Being built: no manifest yet, or one marked so.  Its writer may look.
    being_built = manifest is None or bool(manifest.get("building"))
    builder = _lock_holder(root) if being_built and not writing else None
    if builder is not None:
        raise IndexLockedError(
            f"index at {root} is being built by PID {builder}; search again when that ingest finishes"
        )
    if manifest is None:
        raise IndexMissingError(f"no index at {root}/; build one with: warta ingest corpus/ --index {root}")
    try:
        return WartaIndex(root, manifest)
    except IndexUnreadableError:
        # A rebuild may have switched generations, and removed the shards
        # this manifest lists, between the two steps: open the new ones.
        again = read_manifest(root)
        if again is None or again.get("shards") == manifest.get("shards"):
            raise
        return WartaIndex(root, again)


def _write_manifest(root: Path, manifest: dict[str, object]) -> None:
    tmp = root / f".{MANIFEST}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, root / MANIFEST)


def inventory_column(leaf: Any) -> Any:
    """A segment's ``inventory`` column, or None in one written before it (format 5)."""
    # (asked of the schema first: Whoosh's has_column raises on a field the schema lacks)
    if "inventory" not in leaf.schema or not leaf.has_column("inventory"):
        return None
    return leaf.column_reader("inventory", translate=False)


def _leaf_inventory(leaf: Any) -> Iterator[tuple[str, IndexedDoc]]:
    """The inventory of one segment's live articles (`WartaIndex.inventory`)."""
    column = inventory_column(leaf)
    for docnum in leaf.all_doc_ids():
        read = decode_inventory(column[docnum]) if column is not None else None
        if read is None:
            stored = leaf.stored_fields(docnum)
            read = str(stored["id"]), IndexedDoc.from_stored(stored)
        yield read


def create_generation(root: Path, shard_count: int, previous: WartaIndex | None) -> dict[str, object]:
    """Create empty shards for a new generation; the manifest is not switched yet."""
    generation = previous.generation + 1 if previous else 1
    names = [f"g{generation}-s{i}" for i in range(shard_count)]
    schema = build_schema()
    for name in names:
        d = root / name
        if d.exists():
            shutil.rmtree(d)  # left over by a rebuild that crashed before switching
        d.mkdir(parents=True)
        whoosh_index.create_in(str(d), schema)
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "generation": generation,
        "shards": names,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def switch_generation(root: Path, manifest: dict[str, object]) -> None:
    """Make *manifest* current and remove the shard folders it no longer lists."""
    _write_manifest(root, manifest)
    remove_unlisted_shards(root, manifest)


_SHARD_DIR_RE = re.compile(r"g\d+-s\d+")


def remove_unlisted_shards(root: Path, manifest: dict[str, object]) -> None:
    """Delete shard folders the manifest does not list (an old generation, or a killed rebuild's)."""
    keep = set(manifest["shards"])  # type: ignore[call-overload]
    for d in root.iterdir():
        if d.is_dir() and _SHARD_DIR_RE.fullmatch(d.name) and d.name not in keep:
            shutil.rmtree(d, ignore_errors=True)


def _lock_holder(root: Path) -> str | None:
    """The PID written in a write lock that some process holds now, else None."""
    try:
        fd = os.open(root / LOCK_FILE, os.O_RDONLY)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


# Lock file descriptors this process holds.  A worker forked while a lock is
# held inherits the descriptor, and with it the lock: it closes its copy (see
# `close_inherited_locks`) so that the lock dies with the process that took it.
_HELD_LOCKS: set[int] = set()


def close_inherited_locks() -> None:
    """In a forked worker: let go of the parent's write lock descriptors."""
    for fd in list(_HELD_LOCKS):
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD_LOCKS.clear()


@contextmanager
def write_lock(root: Path, wait: float = 0.0) -> Iterator[None]:
    """Hold the index's write lock; wait up to *wait* seconds if another process holds it.

    ``flock`` is released by the kernel when its holder dies, so a lock left by
    a killed process never blocks the next run: the PID it leaves in the file
    is only read while some live process holds the lock.
    """
    path = root / LOCK_FILE
    try:
        root.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as err:
        raise IndexUnreadableError(
            f"cannot write an index at {root} ({err.strerror or err}); choose another --index folder"
        ) from None
    try:
        # A search looking for a builder holds the lock (shared) for an instant:
        # a short grace keeps that from failing an ingest started at that moment.
        deadline = time.monotonic() + max(wait, 0.5)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as err:
                if err.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() < deadline:
                    time.sleep(0.2)
                    continue
                holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
                waited = f" (waited {wait:g} s)" if wait else ""
                raise IndexLockedError(
                    f"index at {root} is being written by PID {holder}{waited}; "
                    "retry when it finishes, or wait for it with --wait SECONDS"
                ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        _HELD_LOCKS.add(fd)
        try:
            yield
        finally:
            _HELD_LOCKS.discard(fd)
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


# -- writing -----------------------------------------------------------------------

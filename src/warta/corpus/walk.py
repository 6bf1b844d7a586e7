"""Finding a corpus's files: walking the folders given, each file once, in a stable order.

What is looked at: files whose suffix a reader knows (`SUPPORTED_SUFFIXES`);
hidden files and folders (names starting with ``.``) and warta index folders
are passed over.  Each file found becomes a `SourceFile`, whose ``key`` names it
across runs.  Links to folders are followed, each folder once; broken links,
special files and loops are reported as failures rather than opened.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UsageError
from ..model import Discovery, Failure, Notice, SourceFile

if TYPE_CHECKING:
    from .exclusions import Exclusions

ONE_ARTICLE_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
RECORD_SUFFIXES = {".jsonl", ".ndjson", ".json", ".csv", ".tsv"}
SUPPORTED_SUFFIXES = ONE_ARTICLE_SUFFIXES | HTML_SUFFIXES | RECORD_SUFFIXES


def display_path(path: str | os.PathLike[str]) -> str:
    """A path as shown to users: relative to the working directory when inside it."""
    path = Path(path)
    try:
        return printable(str(path.absolute().relative_to(Path.cwd())))
    except ValueError:
        return printable(str(path.absolute()))


def printable(name: str) -> str:
    """A file name as text: bytes that were not UTF-8 become U+FFFD.

    Python hands such bytes of a name over as lone surrogates, which no output
    (and no index term) can encode; the file itself is still opened by its
    real name.
    """
    if name.isascii():
        return name
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _real_folder(root: Path) -> Path:
    """The folder given to ingest (for a file given alone, its folder), resolved.

    So that the same corpus reached through "..", a link or another working
    folder is one corpus, the keys of its files start with this.
    """
    return Path(os.path.realpath(root if root.is_dir() else root.parent))


def root_key(root: Path) -> str:
    """The key of a file given to ingest, or what the keys of a folder's files start with."""
    real = _real_folder(root)
    return str(real if root.is_dir() else real / root.name)


def _source_file(path: Path, root: Path, st: os.stat_result, real_folder: Path) -> SourceFile:
    rel = path.name if root == path else path.relative_to(root).as_posix()
    return SourceFile(
        path=path,
        # The file's place in the corpus: the folder given, resolved, then the
        # path inside it, links and all (so that what is read through a link
        # to a folder elsewhere is deleted when the link or the file goes, as
        # any other file of the corpus).
        key=str(real_folder / rel),
        display=display_path(path),
        rel=printable(rel),
        root_name=printable(real_folder.name) or "root",
        signature=f"{st.st_size}:{st.st_mtime_ns}",
        size=st.st_size,
    )


def _is_index(folder: Path) -> bool:
    """A warta index folder (never read as corpus, e.g. when index/ lies inside it)."""
    return (folder / "warta.json").is_file() and (folder / "write.lock").exists()


def discover(paths: Iterable[str | os.PathLike[str]], exclude: Sequence[str] = ()) -> Discovery:
    """Find the corpus files under *paths*, in a stable order.

    Files a folder's exclusions leave out (README and licence files,
    *exclude* patterns, its ``.wartaignore``: see `exclusions`) are counted
    by reason, not read; a file given by name is always read.

    Index folders are not entered; broken links and special files (pipes,
    devices) are reported rather than opened.  Links to folders are followed,
    each folder once: a link back to a folder being walked (a loop) is
    reported and not followed.
    """
    from .exclusions import Exclusions  # here: a search (display_path) does not load pathspec

    result = Discovery([], 0, [])

    def consider(path: Path, root: Path, real_folder: Path, exclusions: Exclusions | None = None) -> None:
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            result.skipped += 1
            return
        if exclusions and (why := exclusions.reason(path.relative_to(root).as_posix())):
            result.excluded[why] = result.excluded.get(why, 0) + 1
            return
        try:
            st = path.stat()
        except OSError as err:
            result.failures.append(Failure(display_path(path), f"cannot read: {err.strerror or err}"))
            return
        if not stat.S_ISREG(st.st_mode):
            result.failures.append(Failure(display_path(path), "not a regular file"))
            return
        result.files.append(_source_file(path, root, st, real_folder))

    for given in paths:
        root = Path(given)
        if not root.exists():
            raise UsageError(f"no such file or folder: {given}")
        real_root = _real_folder(root)
        if not root.is_dir():
            consider(root, root, real_root)
            continue
        walked: dict[tuple[int, int], str] = {}  # (device, inode) of each folder walked -> its path
        exclusions = Exclusions(root, exclude)
        for number, why in exclusions.bad_lines:
            result.failures.append(Failure(display_path(exclusions.ignore_file), why, number))
        found_before = len(result.files)

        def unlistable(err: OSError, root: Path = root, real_root: Path = real_root) -> None:
            folder = Path(err.filename or root)
            result.failures.append(
                Failure(display_path(folder), f"cannot read folder: {err.strerror or err}")
            )
            # as the keys of its files would be (see `_source_file`)
            result.unlisted.append(str(real_root / folder.relative_to(root)))

        for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=unlistable):
            here = Path(dirpath)
            try:
                st = here.stat()
            except OSError:
                continue
            seen = walked.setdefault((st.st_dev, st.st_ino), dirpath)
            if seen != dirpath:
                # The same folder reached again through a link: a loop when it
                # is one of the folders above (a failure of the corpus), else
                # just a second way into a folder that was read.
                dirnames[:] = []
                if os.path.commonpath([dirpath, seen]) == seen:
                    why = f"link back to a folder it is in ({display_path(seen)}), a loop: not followed"
                    result.failures.append(Failure(display_path(here), why))
                else:
                    why = f"link to a folder already read as {display_path(seen)}: read once"
                    result.notices.append(Notice(display_path(here), why))
                continue
            kept = []
            for d in sorted(dirnames):
                if d.startswith(".") or _is_index(here / d):
                    continue
                target = Path(os.path.realpath(here / d))
                if target == real_root or target in real_root.parents:
                    # a link to the corpus's folder or one above it: it would walk in circles
                    why = f"link to a folder that holds the corpus ({display_path(target)}), a loop"
                    result.failures.append(Failure(display_path(here / d), why + ": not followed"))
                    continue
                kept.append(d)
            dirnames[:] = kept
            for name in sorted(filenames):
                if not name.startswith("."):
                    consider(here / name, root, real_root, exclusions)
        _check_exclusions(exclusions, root, len(result.files) - found_before, result)
    return result


def _check_exclusions(exclusions: Exclusions, root: Path, kept: int, result: Discovery) -> None:
    """Patterns that left out nothing are noted; patterns that left out every file are refused.

    A mistyped ``--exclude '***'`` would otherwise empty the index of that
    folder (its articles deleted as gone) and report success.
    """
    mine = [why for why in exclusions.patterns if why in exclusions.used]
    if not kept and mine:
        raise UsageError(
            f"every file under {display_path(root)} is left out ({'; '.join(mine)}): nothing would be "
            "indexed from it and what was would be deleted; check the patterns"
        )
    for why in exclusions.patterns:
        if why not in exclusions.used:
            result.notices.append(Notice(display_path(root), f"no file {why}: the pattern left out nothing"))

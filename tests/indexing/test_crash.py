"""Ingest stopped by force, and ingests beside searches and other ingests (issue #8).

Real processes, really stopped: ``python -m warta ingest`` runs as a
subprocess and is killed with SIGKILL at several moments of an update, of a
first build and of a rebuild.  Afterwards the index must

(i)   open and search (or, for a first build killed before it made one, say
      that there is no index);
(ii)  still hold every article it had committed, each in its old or its new
      version and only once (a rebuild: exactly the old index or the new);
(iii) be brought by the next ``warta ingest`` to exactly the articles of a
      fresh index of the new corpus, after which one more run has nothing to do.

The kill moments are events (the write lock taken, the n-th shard commit), not
delays, so they fall inside the run on a fast or a slow machine alike; a kill
that comes after the run ended is still a valid point, and the checks hold
either way.  ``benchmarks/kill_ingest.py`` does the same at two dozen points
on id-news.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import warta
from conftest import invoke
from warta import engine
from warta.errors import WartaError
from warta.indexing.update import PARALLEL_THRESHOLD_BYTES

pytestmark = pytest.mark.skipif(
    not hasattr(os, "fork") or not hasattr(signal, "SIGKILL"), reason="needs fork and SIGKILL"
)

QUERY = "jakarta"
# The killed runs commit every few hundred postings a shard (the library's
# threshold is 2.5 million), so that this small corpus goes through the
# periodic commits of a long ingest and a kill can fall between them.
FLUSH_POSTINGS = 2000
# Also puts SIGINT back to Python's usual handler, as a terminal leaves it: a
# test run started in the background (``pytest &``) has it ignored, and so
# would its children.
LAUNCHER = (
    "import signal, sys\n"
    "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
    "from warta.engine import ShardWriter\n"
    "ShardWriter.FLUSH_POSTINGS = int(sys.argv.pop(1))\n"
    "from warta.cli import main\n"
    "main()\n"
)
# Ignored by the readers (no field is called that), this makes the files big
# enough for ingest to use its worker processes while the text to analyse,
# and so the suite's time, stays small.
PADDING = {"lampiran": "x" * 16_000}

Inventory = dict[str, str]  # id -> content hash


# -- the corpus: version A, then version B ------------------------------------------

WORDS = (
    "pemerintah warga jakarta banjir harga pasar kota desa presiden menteri polisi sekolah rumah jalan "
    "kereta bandara nelayan petani beras listrik hujan gempa bantuan anggaran pajak ekonomi naik turun "
    "mengatakan menurut kepala dinas daerah provinsi masyarakat kesehatan sidang hakim kasus pemilu "
    "partai relawan guru buruh upah persen juta rupiah minggu bulan tahun sejak setelah karena namun"
).split()


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 12))]
    words.append(f"kode{rng.randrange(100_000)}")  # a rare word, so the term table grows
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def article(rng: random.Random, doc_id: str) -> dict[str, str]:
    return {
        "id": doc_id,
        "title": sentence(rng)[:-1],
        "body": " ".join(sentence(rng) for _ in range(8)),
        "source": rng.choice(["Kompas.com", "Detik.com"]),
        "date": f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
    }


def write_jsonl(path: Path, records: list[dict[str, str]]) -> None:
    path.write_text("".join(json.dumps({**r, **PADDING}) + "\n" for r in records), "utf-8")


def write_version_a(root: Path, rng: random.Random) -> list[list[dict[str, str]]]:
    """Four JSONL files of 50 articles and six .txt articles; returns the JSONL records."""
    (root / "teks").mkdir(parents=True)
    parts = [[article(rng, f"a{p}-{n:03d}") for n in range(50)] for p in range(4)]
    for p, records in enumerate(parts, start=1):
        write_jsonl(root / f"bagian-{p}.jsonl", records)
    for n in range(6):
        (root / "teks" / f"t{n}.txt").write_text(f"{sentence(rng)}\n\n{sentence(rng)} {sentence(rng)}\n")
    return parts


def write_version_b(root: Path, parts: list[list[dict[str, str]]], rng: random.Random) -> int:
    """New files, changed and dropped records, a record moved, deleted files; returns bytes to re-read."""
    touched = [root / "baru-1.jsonl", root / "baru-2.jsonl", root / "bagian-2.jsonl", root / "bagian-3.jsonl"]
    moved = parts[2][-1]  # from bagian-3 to baru-1: same content, another file
    write_jsonl(touched[0], [article(rng, f"b1-{n:03d}") for n in range(40)] + [moved])
    write_jsonl(touched[1], [article(rng, f"b2-{n:03d}") for n in range(40)])
    # Records dropped near the end: those after them change number, and so are rewritten.
    write_jsonl(
        touched[2],
        [
            {**r, "body": r["body"] + " Pembaruan dari redaksi."} if n % 6 == 0 else r
            for n, r in enumerate(parts[1])
            if n not in (44, 47)
        ],
    )
    write_jsonl(
        touched[3],
        [
            {**r, "title": "Diperbarui: " + r["title"]} if n % 4 == 0 else r
            for n, r in enumerate(parts[2][:-1])
        ],
    )
    (root / "bagian-4.jsonl").unlink()
    (root / "teks" / "t0.txt").write_text("Berita diperbarui\n\nIsi baru tentang banjir di jakarta.\n")
    (root / "teks" / "t1.txt").unlink()
    (root / "teks" / "t9.txt").write_text("Berita baru\n\nWarga jakarta menyambut hujan pertama.\n")
    touched += [root / "teks" / "t0.txt", root / "teks" / "t9.txt"]
    later = time.time() + 5  # a new signature even where a size would not change
    for path in touched:
        os.utime(path, (later, later))
    return sum(p.stat().st_size for p in touched)


def inventory(index: Path) -> Inventory:
    return {i: d.content_hash for i, d in engine.open_index(index).inventory().items()}


def stored_twice(index: Path) -> list[str]:
    counts = Counter(str(d["id"]) for d in engine.open_index(index).iter_stored())
    return sorted(i for i, n in counts.items() if n > 1)


@dataclass(frozen=True)
class World:
    corpus: Path  # at version B
    base: Path  # an index of version A: copied, never written
    inv_a: Inventory
    inv_b: Inventory  # of a fresh index of version B


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    top = tmp_path_factory.mktemp("crash")
    corpus = top / "corpus"
    rng = random.Random(8)
    parts = write_version_a(corpus, rng)
    base = top / "base"
    assert invoke("ingest", str(corpus), "--index", str(base)).exit_code == 0
    reread = write_version_b(corpus, parts, rng)
    # Otherwise an update would be written in-process, and the kills would
    # never meet worker processes.
    assert reread >= PARALLEL_THRESHOLD_BYTES
    expected = top / "expected"
    assert invoke("ingest", str(corpus), "--index", str(expected)).exit_code == 0
    world = World(corpus, base, inventory(base), inventory(expected))
    assert world.inv_a != world.inv_b
    return world


# -- running and stopping an ingest ------------------------------------------------


def start_ingest(world: World, index: Path, *extra: str) -> subprocess.Popen[str]:
    """``warta ingest`` of version B as a subprocess, in a process group of its own."""
    args = ["ingest", str(world.corpus), "--index", str(index), *extra]
    return subprocess.Popen(
        [sys.executable, "-c", LAUNCHER, str(FLUSH_POSTINGS), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def lock_holder(index: Path) -> str:
    try:
        return (index / "write.lock").read_text().strip()
    except OSError:
        return ""


def commit_numbers(index: Path) -> dict[str, int]:
    """Each shard folder's latest Whoosh commit (its ``_MAIN_<n>.toc``)."""
    found: dict[str, int] = {}
    for folder in index.glob("g*-s*"):
        with contextlib.suppress(OSError):
            numbers = [int(p.name[6:-4]) for p in folder.glob("_MAIN_*.toc") if p.name[6:-4].isdigit()]
            if numbers:
                found[folder.name] = max(numbers)
    return found


def lock_taken(proc: subprocess.Popen[str], index: Path) -> Callable[[], bool]:
    return lambda: lock_holder(index) == str(proc.pid)


def commits_made(index: Path, count: int) -> Callable[[], bool]:
    before = commit_numbers(index)
    return lambda: sum(n - before.get(name, 0) for name, n in commit_numbers(index).items()) >= count


def wait_until(proc: subprocess.Popen[str], condition: Callable[[], bool]) -> bool:
    """Poll until *condition* holds (True) or the process ends (False)."""
    deadline = time.monotonic() + 120
    while proc.poll() is None:
        if condition():
            return True
        assert time.monotonic() < deadline, "the ingest neither reached the point nor ended"
        time.sleep(0.002)
    return False


def group_alive(pgid: int) -> list[int]:
    """Processes of group *pgid* still running: their PIDs, or [pgid] where /proc cannot say."""
    if not Path("/proc/self/stat").exists():
        try:
            os.killpg(pgid, 0)  # counts zombies too, so it may wait a little longer
        except ProcessLookupError:
            return []
        return [pgid]
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            text = stat.read_text()
            fields = text[text.rfind(")") + 2 :].split()
            if int(fields[2]) == pgid and fields[0] != "Z":  # a zombie has ended
                alive.append(int(stat.parent.name))
    return alive


def assert_group_ends(pgid: int) -> None:
    """The workers of a killed ingest die with it (PR_SET_PDEATHSIG); generous for a loaded machine."""
    deadline = time.monotonic() + 15
    while (alive := group_alive(pgid)) and time.monotonic() < deadline:
        time.sleep(0.02)
    if alive:  # so that a failure here leaves nothing running
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL)
    assert not alive, f"processes {alive} outlived the killed ingest"


@contextlib.contextmanager
def ended_afterwards(proc: subprocess.Popen[str]) -> Iterator[subprocess.Popen[str]]:
    """Whatever a test asserts, the process group it started does not outlive it."""
    try:
        yield proc
    finally:
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGCONT)
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        if proc.stderr:
            proc.stderr.close()


# -- the checks ---------------------------------------------------------------------


def check_usable(index: Path, world: World) -> None:
    """(i) The index opens and searches; a first build killed before its manifest has no index yet."""
    found = invoke("search", QUERY, "--index", str(index), "--format", "json", "-n", "100")
    if not (index / "warta.json").exists():
        assert found.exit_code == 2 and "no index" in found.stderr, found.stderr
        return
    assert found.exit_code in (0, 1), found.stderr
    allowed = world.inv_a.keys() | world.inv_b.keys()
    assert {h["id"] for h in json.loads(found.stdout)["hits"]} <= allowed
    assert invoke("stats", "--index", str(index)).exit_code == 0


def check_committed(index: Path, world: World, kind: str) -> None:
    """(ii) Nothing committed is lost; every article is in its old or new version, once."""
    if not (index / "warta.json").exists():
        return
    before = {} if kind == "first" else world.inv_a
    inv = inventory(index)
    lost = [i for i, h in before.items() if world.inv_b.get(i) == h and inv.get(i) != h]
    assert not lost, f"{len(lost)} committed articles lost"
    neither = {i: h for i, h in inv.items() if h not in (before.get(i), world.inv_b.get(i))}
    assert not neither, f"articles in neither version: {sorted(neither)[:5]}"
    assert not stored_twice(index)
    if kind == "rebuild":  # the old generation is served until the new one is complete
        assert inv in (world.inv_a, world.inv_b)


def check_recovers(index: Path, world: World, *extra: str) -> None:
    """(iii) The next ingest finishes the job; the one after has nothing to do."""
    result = invoke("ingest", str(world.corpus), "--index", str(index), *extra)
    assert result.exit_code == 0, result.stderr
    inv = inventory(index)
    assert sorted(world.inv_b.keys() - inv.keys()) == [], "missing after recovery"
    assert sorted(inv.keys() - world.inv_b.keys()) == [], "left over after recovery"
    assert inv == world.inv_b, "out of date after recovery"
    assert not stored_twice(index)
    assert not engine.open_index(index).incomplete
    again = warta.ingest([world.corpus], index)
    assert (again.added, again.updated, again.deleted) == (0, 0, 0)


# -- kill -9 -------------------------------------------------------------------------

KILL_POINTS = {
    # as soon as the run holds the lock: planning, marking files pending
    "update, lock taken": ("update", "lock", 0),
    # one shard committed, the other not: a new file is half in the index
    "update, first commit": ("update", "commits", 1),
    # deeper: several periodic commits made, more to come
    "update, third commit": ("update", "commits", 3),
    # a first build is current from its start: killed, it must open with what it committed
    "first build, second commit": ("first", "commits", 2),
    # the old generation stays current until the new one is complete
    "rebuild, first commit": ("rebuild", "commits", 1),
}


@pytest.mark.parametrize("name", list(KILL_POINTS))
def test_kill_9_leaves_a_usable_index_that_the_next_ingest_completes(name: str, world: World, tmp_path: Path):
    kind, event, count = KILL_POINTS[name]
    index = tmp_path / "ix"
    if kind != "first":
        shutil.copytree(world.base, index)
    extra = ("--rebuild",) if kind == "rebuild" else ()
    with ended_afterwards(start_ingest(world, index, *extra)) as proc:
        condition = lock_taken(proc, index) if event == "lock" else commits_made(index, count)
        if wait_until(proc, condition):
            os.kill(proc.pid, signal.SIGKILL)  # the ingest process alone, as `kill -9 PID`
            proc.wait()
            assert_group_ends(proc.pid)
            # The dead process's PID stays in write.lock; it must block nothing.
            assert lock_holder(index) == str(proc.pid)
        else:
            assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
    check_usable(index, world)
    check_committed(index, world, kind)
    check_recovers(index, world, *extra)


# -- Ctrl-C --------------------------------------------------------------------------


def test_ctrl_c_stops_with_exit_130_and_one_line(world: World, tmp_path: Path):
    index = tmp_path / "ix"
    shutil.copytree(world.base, index)
    with ended_afterwards(start_ingest(world, index)) as proc:
        interrupted = wait_until(proc, commits_made(index, 1))
        if interrupted:
            os.killpg(proc.pid, signal.SIGINT)  # a terminal's Ctrl-C reaches the whole process group
        _, stderr = proc.communicate(timeout=120)
        assert_group_ends(proc.pid)
    kept_count = warta.open_index(index).doc_count()
    check_usable(index, world)
    check_committed(index, world, "update")
    check_recovers(index, world)
    if interrupted:
        assert "Traceback" not in stderr
        assert proc.returncode == 130, stderr
        # one line: what the index kept, and the command that finishes the job
        (line,) = stderr.splitlines()
        kept = re.fullmatch(
            rf"warta: ingest stopped: the index at {re.escape(str(index))} keeps what was committed, "
            rf"(\d+) articles; finish it with: warta ingest \S+ --index {re.escape(str(index))}",
            line,
        )
        assert kept, f"stderr: {stderr!r}"
        assert int(kept[1]) == kept_count
    else:  # it finished first: a valid point, though it tests less
        assert proc.returncode == 0, stderr


# -- concurrency ---------------------------------------------------------------------


def test_a_second_ingest_is_refused_naming_the_first_ones_pid(world: World, tmp_path: Path):
    index = tmp_path / "ix"
    shutil.copytree(world.base, index)
    with ended_afterwards(start_ingest(world, index)) as first:
        if not wait_until(first, lock_taken(first, index)):
            pytest.fail(f"the first ingest ended before taking the lock (exit {first.returncode})")
        # Stopped, the first keeps its lock for as long as the checks take.
        os.kill(first.pid, signal.SIGSTOP)
        try:
            second = invoke("ingest", str(world.corpus), "--index", str(index))
            searched = invoke("search", QUERY, "--index", str(index))
        finally:
            os.kill(first.pid, signal.SIGCONT)
        _, stderr = first.communicate(timeout=120)
    assert second.exit_code == 3
    assert len(second.stderr.splitlines()) == 1
    assert f"is being written by PID {first.pid}" in second.stderr
    assert searched.exit_code in (0, 1), searched.stderr
    assert first.returncode == 0, stderr
    assert inventory(index) == world.inv_b


def test_searches_during_an_ingest_see_committed_states(world: World, tmp_path: Path):
    index = tmp_path / "ix"
    shutil.copytree(world.base, index)
    codes: Counter[int] = Counter()
    errors: list[str] = []
    with ended_afterwards(start_ingest(world, index)) as proc:
        while True:
            running = proc.poll() is None
            found = invoke("search", QUERY, "--index", str(index), "--format", "json")
            codes[found.exit_code] += 1
            if found.exit_code not in (0, 1):
                errors.append(found.stderr)
            try:
                check_committed(index, world, "update")
            except (AssertionError, WartaError) as err:
                errors.append(f"{type(err).__name__}: {err}")
            if not running:  # one last look after the ingest ended
                break
        _, stderr = proc.communicate(timeout=120)
    assert not errors, (codes, errors[:3])
    assert proc.returncode == 0, stderr
    assert inventory(index) == world.inv_b


def test_a_lock_left_by_a_dead_process_blocks_nothing(world: World, tmp_path: Path):
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    index = tmp_path / "ix"
    shutil.copytree(world.base, index)
    (index / "write.lock").write_text(str(gone.pid))
    assert invoke("search", QUERY, "--index", str(index)).exit_code in (0, 1)
    assert invoke("ingest", str(world.corpus), "--index", str(index)).exit_code == 0
    assert inventory(index) == world.inv_b
    # A folder holding only such a lock has no index, rather than one "being built".
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "write.lock").write_text(str(gone.pid))
    result = invoke("search", QUERY, "--index", str(empty))
    assert result.exit_code == 2 and "no index" in result.stderr, result.stderr

"""Stop ``warta ingest`` at many moments and check what it leaves behind (issue #8).

Each kill point copies an index of version A of a corpus, starts ``python -m
warta ingest`` to bring it up to version B, and kills the process with SIGKILL
(the parent alone, as ``kill -9 PID`` does: its workers must then die on their
own) after a delay, or just after the n-th shard commit it makes.  Then:

(i)   the index opens and searches: ``warta search`` exits 0 or 1 and ``warta
      stats`` 0, with hits only among the articles of A and B; a first build
      killed before it made an index may instead say "no index" (exit 2);
(ii)  no committed article is lost: every article of A that B leaves as it was
      is there with the same content hash, and every id present holds its A or
      B content hash, once; a ``--rebuild`` shows exactly A or exactly B;
(iii) ``warta ingest`` run again exits 0 and leaves exactly the articles (ids
      and content hashes) of a fresh index of B, and a further run changes
      nothing.

Most points stop an update A -> B, their delays spread from 0.05 s to just
past the measured length of a full update; a few stop a first build into an
empty folder and a ``--rebuild``, inside the run.  Three more points send Ctrl-C (SIGINT to the
process group, as a terminal does), which must end in exit 130 and a single
line: "warta: error: interrupted", or, once the run has begun writing, what the index kept
and the command that finishes it; then pass the same checks.  Last,
concurrency: searches in a loop (command line and library) while an update
writes, a second ingest while the first holds the lock (exit 3 naming the
first one's PID; with ``--wait`` it waits), and the write lock a dead process
leaves behind.

So that a corpus of a few thousand articles goes through the periodic commits
of a long ingest, the killed processes lower ``ShardWriter.FLUSH_POSTINGS``
(``--flush-postings``, 0 for the library's own value) through a two-line
launcher; the Ctrl-C points run ``python -m warta`` itself.

The corpus is ``--articles`` articles of ../shared/data/id-news/articles.jsonl
in JSONL and .txt files, or synthetic Indonesian-like text when ../shared is
absent.  Run from the repository root:

    .venv/bin/python benchmarks/kill_ingest.py [--points 24] [--articles 3000] [--seed 8] [--keep]

It prints a table (one row a point) and a summary, and exits 1 if any check
failed.  It takes about half a minute a point on a busy two-core machine.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from warta import engine
from warta.errors import WartaError
from warta.indexing.update import PARALLEL_THRESHOLD_BYTES
from warta.indexing.update import ingest as library_ingest
from warta.searcher import Searcher

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
ID_NEWS = SHARED_DATA / "id-news" / "articles.jsonl"
QUERY = "jakarta"  # common in id-news and in the synthetic text
INTERRUPTED = "warta: error: interrupted"
# Once ingest has started writing, Ctrl-C says what the index kept and how to finish, in one line.
STOPPED = re.compile(
    r"warta: ingest stopped: the index at .+ keeps what was committed, .+; finish it with: warta ingest .+"
)


def _one_stop_line(stderr: str) -> bool:
    """Whether *stderr* is the one line an interrupted ingest prints: the plain one, or (once it has
    begun writing) what the index kept and the command that finishes."""
    lines = stderr.splitlines()
    return len(lines) == 1 and (lines[0] == INTERRUPTED or bool(STOPPED.fullmatch(lines[0])))


SHARD_DIR = re.compile(r"g\d+-s\d+")
TOC = re.compile(r"_MAIN_(\d+)\.toc")
STATE_FILE = "ingest-state.json"

# Sets the periodic-commit threshold, then runs the command line as
# ``python -m warta`` does.  Worker processes are forked, so they inherit it.
LAUNCHER = (
    "import sys\n"
    "from warta.engine import ShardWriter\n"
    "ShardWriter.FLUSH_POSTINGS = int(sys.argv.pop(1))\n"
    "from warta.cli import main\n"
    "main()\n"
)

Inventory = dict[str, str]  # id -> content hash


# -- the corpus ------------------------------------------------------------------


_WORDS = (
    "pemerintah warga jakarta banjir harga pasar kota desa presiden menteri polisi sekolah rumah "
    "jalan kereta bandara pelabuhan nelayan petani beras minyak listrik hujan gempa bencana bantuan "
    "anggaran pajak ekonomi tumbuh turun naik mengatakan menurut kepala dinas daerah provinsi "
    "kabupaten pembangunan masyarakat pendidikan kesehatan rapat sidang hakim jaksa tersangka kasus "
    "korupsi pemilu partai calon relawan mahasiswa guru buruh upah kenaikan persen ribu juta rupiah "
    "hari minggu bulan tahun pagi malam sejak setelah sebelum karena namun sementara selain itu "
    "dengan untuk dalam pada dari yang dan akan telah"
).split()
_SYLLABLES = (
    "ba be bi bu ka ke ki ku ma me mi mu na ni nu ra ri ru sa si su ta ti tu la li ga gi pa pu".split()
)


def _synthetic_sentence(rng: random.Random) -> str:
    # One word in five is made of syllables, so that the vocabulary grows with
    # the corpus as a real one does (the term table is part of what commits write).
    words = [
        "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
        if rng.random() < 0.2
        else rng.choice(_WORDS)
        for _ in range(rng.randint(8, 16))
    ]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def synthetic_articles(count: int, rng: random.Random) -> list[dict[str, str]]:
    """*count* articles of Indonesian-like text, about 2 KB each (as id-news)."""
    articles = []
    for n in range(count):
        body = " ".join(_synthetic_sentence(rng) for _ in range(rng.randint(14, 24)))
        articles.append(
            {
                "id": f"sintetis-{n:06d}",
                "title": _synthetic_sentence(rng)[:-1],
                "body": body,
                "source": rng.choice(["Kompas.com", "Detik.com", "Tempo.co"]),
                "date": f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            }
        )
    return articles


def load_articles(count: int, rng: random.Random) -> tuple[list[dict[str, str]], str]:
    """*count* distinct articles with a title and a body, and where they came from."""
    if not ID_NEWS.is_file():
        return synthetic_articles(count, rng), "synthetic (../shared absent)"
    lines = ID_NEWS.read_bytes().splitlines()
    order = list(range(len(lines)))
    rng.shuffle(order)
    chosen: dict[str, dict[str, str]] = {}
    for n in order:
        record = json.loads(lines[n])
        if record.get("id") and record.get("title") and record.get("body") and record["id"] not in chosen:
            chosen[record["id"]] = record
            if len(chosen) == count:
                break
    if len(chosen) < count:
        raise SystemExit(f"{ID_NEWS} has only {len(chosen)} usable articles; ask for fewer with --articles")
    return list(chosen.values()), f"{len(chosen)} articles of {ID_NEWS}"


def _write_jsonl(path: Path, records: list[dict[str, str]]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")


def _write_txt(path: Path, record: dict[str, str]) -> None:
    path.write_text(f"{record['title']}\n\n{record['body']}\n", "utf-8")


@dataclass
class Corpus:
    root: Path
    parts: list[list[dict[str, str]]]  # records of bagian-1.jsonl ... as in version A
    texts: list[dict[str, str]]  # teks/berita-NNNN.txt as in version A
    fresh: list[dict[str, str]]  # articles that only version B has
    reread_bytes: int = 0  # what an update A -> B reads


def write_version_a(root: Path, articles: list[dict[str, str]], new_count: int) -> Corpus:
    """Six JSONL files and one .txt file per 30 articles; *new_count* articles are kept for B."""
    fresh, articles = articles[:new_count], articles[new_count:]
    n_txt = max(6, len(articles) // 30)
    texts, records = articles[:n_txt], articles[n_txt:]
    parts = [records[i::6] for i in range(6)]
    (root / "teks").mkdir(parents=True)
    for i, part in enumerate(parts, start=1):
        _write_jsonl(root / f"bagian-{i}.jsonl", part)
    for i, record in enumerate(texts):
        _write_txt(root / "teks" / f"berita-{i:04d}.txt", record)
    return Corpus(root, parts, texts, fresh)


def write_version_b(corpus: Corpus) -> None:
    """Add files, edit and drop records, move records to a new file, delete files.

    Every edited file also gets a later modification time, so that its
    signature changes even where its size would not.
    """
    root = corpus.root
    touched: list[Path] = []
    n_txt = len(corpus.texts)
    new_txt, fresh = corpus.fresh[: max(2, n_txt // 10)], corpus.fresh[max(2, n_txt // 10) :]
    moved = corpus.parts[3][:3]  # from bagian-4 to the new baru-1: same content, another file
    halves = [fresh[: len(fresh) // 2] + moved, fresh[len(fresh) // 2 :]]
    for i, records in enumerate(halves, start=1):
        _write_jsonl(root / f"baru-{i}.jsonl", records)
        touched.append(root / f"baru-{i}.jsonl")
    # bagian-2: every 8th body changes, every 25th record is dropped
    edited = []
    for n, record in enumerate(corpus.parts[1]):
        if n % 25 == 24:
            continue
        if n % 8 == 0:
            record = {**record, "body": record["body"] + " Pembaruan: berita ini diperbarui oleh redaksi."}
        edited.append(record)
    _write_jsonl(root / "bagian-2.jsonl", edited)
    # bagian-3: every 12th title changes
    _write_jsonl(
        root / "bagian-3.jsonl",
        [
            {**r, "title": "(Diperbarui) " + r["title"]} if n % 12 == 0 else r
            for n, r in enumerate(corpus.parts[2])
        ],
    )
    _write_jsonl(root / "bagian-4.jsonl", corpus.parts[3][3:])
    touched += [root / "bagian-2.jsonl", root / "bagian-3.jsonl", root / "bagian-4.jsonl"]
    for i, record in enumerate(new_txt):
        path = root / "teks" / f"baru-{i:04d}.txt"
        _write_txt(path, record)
        touched.append(path)
    edits = max(1, n_txt // 20)
    for i in range(edits):
        path = root / "teks" / f"berita-{i:04d}.txt"
        path.write_text(path.read_text("utf-8") + "\nTambahan: keterangan baru dari narasumber.\n", "utf-8")
        touched.append(path)
    (root / "bagian-6.jsonl").unlink()
    for i in range(edits, 2 * edits):
        (root / "teks" / f"berita-{i:04d}.txt").unlink()
    later = time.time() + 5
    for path in touched:
        os.utime(path, (later, later))
    corpus.reread_bytes = sum(p.stat().st_size for p in touched)


# -- indexes -----------------------------------------------------------------------


def inventory(index: Path) -> Inventory:
    return {i: d.content_hash for i, d in engine.open_index(index).inventory().items()}


def duplicated_ids(index: Path) -> list[str]:
    """Ids stored more than once (an inventory, being a dict, would hide them)."""
    counts = Counter(str(d["id"]) for d in engine.open_index(index).iter_stored())
    return sorted(i for i, n in counts.items() if n > 1)


def toc_generations(index: Path) -> dict[str, int]:
    """Each shard folder's latest Whoosh commit number (0: created, never committed)."""
    found: dict[str, int] = {}
    try:
        folders = [d for d in os.scandir(index) if d.is_dir() and SHARD_DIR.fullmatch(d.name)]
    except OSError:
        return found
    for folder in folders:
        try:
            names = os.listdir(folder.path)
        except OSError:
            continue
        gens = [int(m.group(1)) for m in map(TOC.fullmatch, names) if m]
        if gens:
            found[folder.name] = max(gens)
    return found


def commits_since(before: dict[str, int], index: Path) -> dict[str, int]:
    """Commits per shard folder since *before* was taken (folders made since count from 0)."""
    now = toc_generations(index)
    return {name: gen - before.get(name, 0) for name, gen in sorted(now.items()) if gen > before.get(name, 0)}


def read_lock(index: Path) -> str:
    try:
        return (index / "write.lock").read_text("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""


# -- processes ---------------------------------------------------------------------


def warta_cmd(args: list[str], flush: int = 0) -> list[str]:
    if flush:
        return [sys.executable, "-c", LAUNCHER, str(flush), *args]
    return [sys.executable, "-m", "warta", *args]


def run_warta(args: list[str], timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(warta_cmd(args), capture_output=True, text=True, timeout=timeout)


def group_alive(pgid: int) -> list[int]:
    """Processes of process group *pgid* that still run (zombies count as gone)."""
    alive = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as fh:
                stat = fh.read()
        except OSError:
            continue
        fields_ = stat[stat.rfind(")") + 2 :].split()
        if int(fields_[2]) == pgid and fields_[0] != "Z":
            alive.append(int(name))
    return alive


def wait_group_gone(pgid: int, seconds: float) -> list[int]:
    """Wait up to *seconds* for every process of group *pgid* to end; those still running."""
    deadline = time.monotonic() + seconds
    while True:
        alive = group_alive(pgid)
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.02)


_RUNNING: set[int] = set()  # process groups started here, ended if this script stops early


@dataclass
class Stop:
    """How one stopped run went."""

    pid: int
    signal_at: float  # seconds after start; the exit time if it ended first
    finished_first: int | None  # exit code if it ended before the signal
    returncode: int | None
    stderr: str
    lock_seen: bool
    commits: dict[str, int]
    survivors: list[int]
    exit_after: float = 0.0  # seconds from the signal to the process's end
    hung: bool = False


def start_and_stop(
    cmd: list[str],
    index: Path,
    sig: signal.Signals,
    *,
    delay: float | None = None,
    after_commits: int | None = None,
    wait_lock_then: float | None = None,
    timeout: float = 120,
) -> Stop:
    """Run *cmd* and send *sig* after *delay* s, or just after its *after_commits*-th shard commit,
    or *wait_lock_then* s after it takes the write lock; whichever applies, unless it ends first.

    SIGKILL goes to the ingest process alone; SIGINT to its process group, as
    Ctrl-C in a terminal reaches every process of the foreground job.
    """
    before = toc_generations(index)
    with tempfile.TemporaryFile("w+") as err:
        # Output goes to a file, not a pipe: a worker that outlived its parent
        # would hold a pipe open and block the read.
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)
        _RUNNING.add(proc.pid)
        started = time.perf_counter()
        lock_seen_at: float | None = None
        finished_first = None
        while True:
            now = time.perf_counter() - started
            code = proc.poll()
            if code is not None:
                finished_first = code
                break
            if lock_seen_at is None and read_lock(index) == str(proc.pid):
                lock_seen_at = now
            if after_commits is not None:
                if sum(commits_since(before, index).values()) >= after_commits:
                    break
            elif wait_lock_then is not None:
                if lock_seen_at is not None and now - lock_seen_at >= wait_lock_then:
                    break
            elif delay is not None and now >= delay:
                break
            if now > timeout:
                break
            time.sleep(0.003)
        hung = False
        signalled = time.perf_counter()
        if finished_first is None:
            if sig == signal.SIGKILL:
                os.kill(proc.pid, signal.SIGKILL)
            else:
                os.killpg(proc.pid, sig)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                hung = True
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        exit_after = time.perf_counter() - signalled
        survivors = wait_group_gone(proc.pid, 5.0)
        for pid in survivors:  # reported as a failure; ended so that the run can go on
            os.kill(pid, signal.SIGKILL)
        _RUNNING.discard(proc.pid)
        err.seek(0)
        return Stop(
            pid=proc.pid,
            signal_at=now,
            finished_first=finished_first,
            returncode=proc.returncode,
            stderr=err.read(),
            lock_seen=lock_seen_at is not None,
            commits=commits_since(before, index),
            survivors=survivors,
            exit_after=exit_after,
            hung=hung,
        )


# -- one kill point ------------------------------------------------------------------


@dataclass
class Point:
    kind: str  # update | first | rebuild
    sig: signal.Signals
    delay: float | None = None
    after_commits: int | None = None
    wait_lock_then: float | None = None
    twice: bool = False  # stop a run, then stop the run that resumes it the same way

    def describe(self) -> str:
        if self.after_commits is not None:
            text = f"commit {self.after_commits}"
        elif self.wait_lock_then is not None:
            text = f"lock+{self.wait_lock_then:.2f}"
        else:
            text = f"{self.delay:.2f} s"
        return text + " x2" if self.twice else text


@dataclass
class Outcome:
    point: Point
    stop: Stop | None = None
    landed: str = ""
    state: str = ""
    search: str = ""
    recovery: str = ""
    stale_lock: bool = False
    recovery_code: int | None = None
    lost: int = 0
    missing_after: int = 0
    problems: list[str] = field(default_factory=list)  # the index and its recovery
    stop_problems: list[str] = field(default_factory=list)  # how the process ended
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.stop_problems


@dataclass
class World:
    work: Path
    corpus: Path
    base: Path  # index of version A
    inv_a: Inventory
    inv_b: Inventory
    state_a: str  # ingest-state.json of the base index
    flush: int
    problems: list[str] = field(default_factory=list)  # found while preparing


def _landed(kind: str, inv: Inventory, inv_a: Inventory, inv_b: Inventory) -> str:
    """How many of the changes from A (nothing, for a first build) to B the index shows."""
    start = {} if kind == "first" else inv_a
    changes = {i for i in set(start) | set(inv_b) if start.get(i) != inv_b.get(i)}
    done = sum(1 for i in changes if inv.get(i) == inv_b.get(i))
    return f"{done}/{len(changes)}"


def _state_label(index: Path, state_a: str, kind: str) -> str:
    try:
        raw = (index / STATE_FILE).read_text("utf-8")
    except OSError:
        return "none"
    if kind != "first" and raw == state_a:
        return "old"
    try:
        pending = json.loads(raw).get("pending")
    except ValueError:
        return "unreadable"
    return "pending" if pending else "final"


def _search_check(index: Path, out: Outcome, allowed: set[str]) -> None:
    """(i): the index opens and answers a search and stats, or says there is none."""
    has_manifest = (index / "warta.json").is_file()
    found = run_warta(["search", QUERY, "--index", str(index), "--format", "json", "-n", "50"])
    stats = run_warta(["stats", "--index", str(index), "--format", "json"])
    out.search = f"{found.returncode}/{stats.returncode}"
    for name, result in (("search", found), ("stats", stats)):
        if "Traceback" in result.stderr:
            out.problems.append(f"{name} printed a traceback: {result.stderr.strip().splitlines()[-1]}")
    if not has_manifest:
        if found.returncode != 2 or "no index" not in found.stderr:
            out.problems.append(
                f"search without a manifest exited {found.returncode}: {found.stderr.strip()}"
            )
        return
    if found.returncode not in (0, 1):
        out.problems.append(f"search exited {found.returncode}: {found.stderr.strip()}")
    else:
        strays = [h["id"] for h in json.loads(found.stdout)["hits"] if h["id"] not in allowed]
        if strays:
            out.problems.append(f"search found ids of neither A nor B: {strays[:3]}")
    if stats.returncode != 0:
        out.problems.append(f"stats exited {stats.returncode}: {stats.stderr.strip()}")


def _committed_check(index: Path, kind: str, world: World, out: Outcome) -> None:
    """(ii): what A committed is there; nothing but A's or B's versions, once."""
    if not (index / "warta.json").is_file():
        out.landed = "no index"
        return
    try:
        inv = inventory(index)
        dups = duplicated_ids(index)
        incomplete = engine.open_index(index).incomplete
    except WartaError as err:
        out.problems.append(f"index does not open: {err}")
        return
    before = {} if kind == "first" else world.inv_a
    lost = [i for i, h in before.items() if world.inv_b.get(i) == h and inv.get(i) != h]
    wrong = [i for i, h in inv.items() if h not in (before.get(i), world.inv_b.get(i))]
    out.lost = len(lost)
    out.landed = _landed(kind, inv, world.inv_a, world.inv_b) + (" (incomplete)" if incomplete else "")
    if lost:
        out.problems.append(f"{len(lost)} committed articles of A lost, e.g. {lost[:3]}")
    if wrong:
        out.problems.append(f"{len(wrong)} ids with a version of neither A nor B, e.g. {wrong[:3]}")
    if dups:
        out.problems.append(f"{len(dups)} ids stored twice, e.g. {dups[:3]}")
    if kind == "rebuild" and inv not in (world.inv_a, world.inv_b):
        out.problems.append(f"a killed rebuild shows neither A nor B ({out.landed} of the changes)")


def _recovery_check(index: Path, kind: str, world: World, out: Outcome) -> None:
    """(iii): the next ingest finishes the job, and the one after has nothing to do."""
    args = ["ingest", str(world.corpus), "--index", str(index), "--format", "json"]
    if kind == "rebuild":
        args.append("--rebuild")
    result = run_warta(args)
    out.recovery_code = result.returncode
    if result.returncode != 0:
        out.recovery = f"exit {result.returncode}"
        out.problems.append(f"recovery ingest exited {result.returncode}: {result.stderr.strip()[-300:]}")
        return
    report = json.loads(result.stdout)
    out.recovery = f"+{report['added']} ~{report['updated']} -{report['deleted']}"
    inv = inventory(index)
    missing = [i for i in world.inv_b if i not in inv]
    out.missing_after = len(missing)
    if inv != world.inv_b:
        extra = [i for i in inv if i not in world.inv_b]
        stale = [i for i in world.inv_b if i in inv and inv[i] != world.inv_b[i]]
        out.problems.append(
            f"after recovery: {len(missing)} missing (e.g. {missing[:3]}), {len(extra)} extra "
            f"(e.g. {extra[:3]}), {len(stale)} out of date (e.g. {stale[:3]})"
        )
    dups = duplicated_ids(index)
    if dups:
        out.problems.append(f"after recovery {len(dups)} ids stored twice, e.g. {dups[:3]}")
    ix = engine.open_index(index)
    if ix.incomplete:
        out.problems.append("after recovery the index is still marked incomplete")
    listed = {str(s) for s in ix.manifest["shards"]}  # type: ignore[attr-defined]
    strays = sorted(d.name for d in index.iterdir() if SHARD_DIR.fullmatch(d.name) and d.name not in listed)
    if strays:
        out.notes.append(f"shard folders left over after recovery: {strays}")
    again = library_ingest([world.corpus], index)
    if again.added or again.updated or again.deleted:
        out.problems.append(
            f"the run after recovery still changed +{again.added} ~{again.updated} -{again.deleted}"
        )


def run_point(world: World, number: int, point: Point) -> Outcome:
    out = Outcome(point)
    scratch = world.work / "points" / f"{number:02d}-{point.kind}"
    if point.kind != "first":
        shutil.copytree(world.base, scratch)
    args = ["ingest", str(world.corpus), "--index", str(scratch)]
    if point.kind == "rebuild":
        args.append("--rebuild")
    # Ctrl-C points run the command exactly as typed; kill points go through
    # the launcher so that they meet the periodic commits.
    cmd = warta_cmd(args, 0 if point.sig == signal.SIGINT else world.flush)
    said = out.stop_problems
    for round_ in range(2 if point.twice else 1):
        if round_:  # what the first stop left must already hold, before a second run resumes it
            _committed_check(scratch, point.kind, world, out)
        stop = start_and_stop(
            cmd,
            scratch,
            point.sig,
            delay=point.delay,
            after_commits=point.after_commits,
            wait_lock_then=point.wait_lock_then,
        )
        if stop.survivors:
            said.append(f"worker processes {stop.survivors} still ran 5 s after the kill")
        if stop.finished_first not in (None, 0):
            said.append(f"ended by itself with exit {stop.finished_first}: {stop.stderr.strip()}")
    out.stop = stop
    if stop.hung:
        said.append("still running 60 s after Ctrl-C")
    if point.sig == signal.SIGINT and stop.finished_first is None:
        out.notes.append(f"ended {stop.exit_after:.2f} s after Ctrl-C")
        if stop.returncode != 130:
            said.append(f"Ctrl-C gave exit {stop.returncode}, not 130")
        if "Traceback" in stop.stderr:
            last = stop.stderr.strip().splitlines()[-1]
            said.append(
                f"Ctrl-C printed a traceback ({len(stop.stderr.splitlines())} lines, ending {last!r})"
            )
        elif not _one_stop_line(stop.stderr):
            said.append(f"Ctrl-C's stderr is not one line saying it stopped: {stop.stderr!r}")
    out.stale_lock = stop.finished_first is None and read_lock(scratch) == str(stop.pid)
    out.state = _state_label(scratch, world.state_a, point.kind)
    allowed = set(world.inv_b) | (set() if point.kind == "first" else set(world.inv_a))
    _search_check(scratch, out, allowed)
    _committed_check(scratch, point.kind, world, out)
    _recovery_check(scratch, point.kind, world, out)
    return out


def spread(count: int, duration: float, rng: random.Random, inside: bool = False) -> list[float]:
    """*count* delays from 0.05 s to just past *duration*, a little jittered (seeded).

    *inside*: evenly inside the run instead, for kinds with only a point or two.
    """
    if count <= 0:
        return []
    if inside or count == 1:
        return [round(duration * (k + 1) / (count + 1), 3) for k in range(count)]
    end = duration * 1.08
    step = (end - 0.05) / (count - 1)
    return [
        round(0.05 + k * step + (rng.uniform(-0.3, 0.3) * step if 0 < k < count - 1 else 0), 3)
        for k in range(count)
    ]


def plan_points(count: int, durations: dict[str, float], rng: random.Random) -> list[Point]:
    """Most points on an update; an eighth each on a first build and on a rebuild.

    Of each kind, one or two points are placed by event instead of by time:
    just after the first (and second) shard commit, where a run is half
    committed whatever the speed of the machine.  One update point stops a
    run at its first commit, then the run that resumes it at its own first
    commit.
    """
    small = 0 if count < 4 else max(1, count // 8)
    kinds = {"update": count - 2 * small, "first": small, "rebuild": small}
    points: list[Point] = []
    for kind, n in kinds.items():
        events = 2 if n >= 6 else 1 if n >= 2 else 0
        twice = 1 if kind == "update" and n >= 10 else 0
        delays = spread(n - events - twice, durations[kind], rng, inside=kind != "update")
        points += [Point(kind, signal.SIGKILL, delay=d) for d in delays]
        points += [Point(kind, signal.SIGKILL, after_commits=k) for k in range(1, events + 1)]
        # A kill of the run that was finishing a killed one's work.
        points += [Point(kind, signal.SIGKILL, after_commits=1, twice=True)] * twice
    return points


# -- concurrency ---------------------------------------------------------------------


@dataclass
class Concurrency:
    cli_codes: Counter[int] = field(default_factory=Counter)
    cli_tracebacks: int = 0
    cli_first_bad: str = ""
    library: Counter[str] = field(default_factory=Counter)
    snapshots: int = 0
    bad_snapshots: list[str] = field(default_factory=list)
    states_seen: set[str] = field(default_factory=set)
    writer_code: int | None = None
    writer_result: str = ""
    second: str = ""
    waited: str = ""
    stale: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def searches_during_update(world: World, report: Concurrency) -> None:
    """Search in a loop, from the command line and the library, while an update writes."""
    index = world.work / "concurrency-search"
    shutil.copytree(world.base, index)
    writer = subprocess.Popen(
        warta_cmd(["ingest", str(world.corpus), "--index", str(index), "-q"], world.flush),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    _RUNNING.add(writer.pid)

    def command_line_loop() -> None:
        while writer.poll() is None:
            result = run_warta(["search", QUERY, "--index", str(index), "--format", "json"])
            report.cli_codes[result.returncode] += 1
            if "Traceback" in result.stderr:
                report.cli_tracebacks += 1
            if result.returncode not in (0, 1) and not report.cli_first_bad:
                report.cli_first_bad = result.stderr.strip()

    thread = threading.Thread(target=command_line_loop)
    thread.start()
    allowed = set(world.inv_a) | set(world.inv_b)
    while writer.poll() is None:
        try:
            with Searcher(index) as searcher:
                hits = searcher.search(QUERY, limit=20).hits
            strays = [h.id for h in hits if h.id not in allowed]
            report.library["stray ids" if strays else "ok"] += 1
            inv = inventory(index)
        except Exception as err:  # counted by kind: any of them is a finding
            report.library[f"{type(err).__name__}: {err}"[:160]] += 1
            continue
        report.snapshots += 1
        report.states_seen.add(_landed("update", inv, world.inv_a, world.inv_b))
        lost = [i for i, h in world.inv_a.items() if world.inv_b.get(i) == h and inv.get(i) != h]
        wrong = [i for i, h in inv.items() if h not in (world.inv_a.get(i), world.inv_b.get(i))]
        if lost or wrong:
            report.bad_snapshots.append(f"{len(lost)} lost, {len(wrong)} of neither version")
    thread.join()
    _RUNNING.discard(writer.pid)
    report.writer_code = writer.returncode
    errors = writer.stderr.read() if writer.stderr else ""
    final = inventory(index)
    report.writer_result = "B" if final == world.inv_b else "not B"
    if writer.returncode != 0:
        report.problems.append(f"the update run beside searches exited {writer.returncode}: {errors.strip()}")
    if final != world.inv_b:
        report.problems.append("the update run beside searches did not leave exactly B")
    bad_cli = sum(n for code, n in report.cli_codes.items() if code not in (0, 1))
    if bad_cli or report.cli_tracebacks:
        report.problems.append(
            f"searches during the update: {bad_cli} bad exits, {report.cli_tracebacks} tracebacks "
            f"(first: {report.cli_first_bad})"
        )
    if set(report.library) - {"ok"}:
        report.problems.append(f"library searches during the update: {dict(report.library)}")
    if report.bad_snapshots:
        report.problems.append(f"snapshots that were no committed state: {report.bad_snapshots[:3]}")


def second_ingest(world: World, report: Concurrency) -> None:
    """A second ingest while the first holds the lock: refused naming the first; with --wait, waits."""
    index = world.work / "concurrency-lock"
    shutil.copytree(world.base, index)
    args = ["ingest", str(world.corpus), "--index", str(index), "-q"]
    first = subprocess.Popen(
        warta_cmd(args), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    _RUNNING.add(first.pid)
    deadline = time.monotonic() + 60
    while read_lock(index) != str(first.pid) and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    refused = run_warta(args)
    first_running = first.poll() is None
    waiting = subprocess.Popen(
        warta_cmd([*args, "--wait", "300"]),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    _RUNNING.add(waiting.pid)
    first.wait()
    waiting.wait()
    _RUNNING.discard(first.pid)
    _RUNNING.discard(waiting.pid)
    expected = f"being written by PID {first.pid}"
    if not first_running:
        report.second = f"inconclusive: the first ended before the second (exit {refused.returncode})"
    elif refused.returncode == 3 and expected in refused.stderr and len(refused.stderr.splitlines()) == 1:
        report.second = f"exit 3 naming PID {first.pid} (ok)"
    else:
        report.second = f"exit {refused.returncode}: {refused.stderr.strip()!r}"
        report.problems.append(f"second ingest: {report.second}")
    waited_err = waiting.stderr.read() if waiting.stderr else ""
    first_err = first.stderr.read() if first.stderr else ""
    final = inventory(index)
    shown = "B" if final == world.inv_b else "not B"
    report.waited = f"exit {waiting.returncode}, first exit {first.returncode}, index {shown}"
    if waiting.returncode != 0 or first.returncode != 0 or final != world.inv_b:
        report.problems.append(f"--wait: {report.waited}: {waited_err.strip()} {first_err.strip()}")


def stale_locks(world: World, report: Concurrency) -> None:
    """A write.lock holding a dead PID blocks neither searches nor the next ingest."""
    dead = subprocess.Popen(["true"])
    dead.wait()
    index = world.work / "concurrency-stale"
    shutil.copytree(world.base, index)
    (index / "write.lock").write_text(str(dead.pid))
    found = run_warta(["search", QUERY, "--index", str(index)])
    ingested = run_warta(["ingest", str(world.corpus), "--index", str(index), "-q"])
    ok = found.returncode in (0, 1) and ingested.returncode == 0 and inventory(index) == world.inv_b
    report.stale.append(
        f"index with a dead PID in write.lock: search exit {found.returncode}, "
        f"ingest exit {ingested.returncode} ({'ok' if ok else 'FAIL'})"
    )
    if not ok:
        report.problems.append(f"stale lock: {found.stderr.strip()} {ingested.stderr.strip()}")
    empty = world.work / "concurrency-stale-empty"
    empty.mkdir()
    (empty / "write.lock").write_text(str(dead.pid))
    nothing = run_warta(["search", QUERY, "--index", str(empty)])
    ok = nothing.returncode == 2 and "no index" in nothing.stderr
    report.stale.append(
        f"empty folder with a dead PID in write.lock: search exit {nothing.returncode} "
        f"{'saying no index (ok)' if ok else 'FAIL: ' + nothing.stderr.strip()}"
    )
    if not ok:
        report.problems.append(f"stale lock, empty folder: {nothing.stderr.strip()}")


# -- the run -------------------------------------------------------------------------


def timed_ingest(args: list[str], flush: int) -> tuple[float, subprocess.CompletedProcess[str]]:
    started = time.perf_counter()
    result = subprocess.run(warta_cmd(args, flush), capture_output=True, text=True)
    return time.perf_counter() - started, result


def _require(result: subprocess.CompletedProcess[str], what: str) -> None:
    if result.returncode != 0:
        raise SystemExit(f"{what} failed with exit {result.returncode}: {result.stderr.strip()}")


def prepare(work: Path, args: argparse.Namespace, rng: random.Random) -> tuple[World, dict[str, float]]:
    new_count = max(20, args.articles // 5)
    articles, origin = load_articles(args.articles + new_count, rng)
    corpus_dir = work / "corpus"
    corpus = write_version_a(corpus_dir, articles, new_count)
    print(f"corpus: {origin}; version A: {args.articles} articles")
    base = work / "base"
    t_a, result = timed_ingest(["ingest", str(corpus_dir), "--index", str(base), "-q"], args.flush_postings)
    _require(result, "ingest of version A")
    inv_a = inventory(base)
    state_a = (base / STATE_FILE).read_text("utf-8")
    write_version_b(corpus)
    expected = work / "expected"
    t_first, result = timed_ingest(
        ["ingest", str(corpus_dir), "--index", str(expected), "-q"], args.flush_postings
    )
    _require(result, "ingest of version B into an empty folder")
    inv_b = inventory(expected)
    probe = work / "probe-update"
    shutil.copytree(base, probe)
    before = toc_generations(probe)
    t_update, result = timed_ingest(
        ["ingest", str(corpus_dir), "--index", str(probe), "--format", "json"], args.flush_postings
    )
    _require(result, "update A -> B")
    update_report = json.loads(result.stdout)
    commits = commits_since(before, probe)
    unchanged = sum(1 for i, h in inv_a.items() if inv_b.get(i) == h)
    how = "worker processes" if corpus.reread_bytes >= PARALLEL_THRESHOLD_BYTES else "inline: under 2 MB"
    print(
        f"version B: {len(inv_b)} articles ({unchanged} of A unchanged); the update reads "
        f"{corpus.reread_bytes / 1e6:.1f} MB "
        f"({how})"
        f" and does +{update_report['added']} ~{update_report['updated']} -{update_report['deleted']}"
        f" in {sum(commits.values())} shard commits {commits}"
    )
    flush = args.flush_postings or "the library's"
    print(
        f"periodic commits every {flush} postings a shard in the runs above, the killed runs and the "
        "run beside searches; the recovery runs and the Ctrl-C points use the library's own"
    )
    world = World(work, corpus_dir, base, inv_a, inv_b, state_a, args.flush_postings)
    if inventory(probe) != inv_b:
        world.problems.append(
            "an uninterrupted update A -> B does not give the articles of a fresh index of B"
        )
    if duplicated_ids(probe):
        world.problems.append("an uninterrupted update A -> B stores some ids twice")
    for problem in world.problems:
        print(f"FAIL (before any kill): {problem}")
    shutil.rmtree(probe)
    durations = {"update": t_update, "first": t_first, "rebuild": t_first, "A": t_a}
    return world, durations


def print_table(outcomes: list[Outcome]) -> None:
    head = (
        f"{'#':>3} {'kind':<8}{'stop':<8}{'at':>13} {'ran':>6} {'lock':<5}{'commits':<12}"
        f"{'landed':<24}{'state':<8}{'srch':<5}{'recovery':<15}result"
    )
    print(head)
    print("-" * len(head))
    for n, out in enumerate(outcomes, start=1):
        stop = out.stop
        assert stop is not None
        ran = f"{stop.signal_at:.2f}" if stop.finished_first is None else f"done{stop.finished_first}"
        commits = " ".join(f"{name.split('-')[1]}:{c}" for name, c in stop.commits.items()) or "-"
        sig = "kill -9" if out.point.sig == signal.SIGKILL else "Ctrl-C"
        result = "ok" if out.ok else "FAIL"
        if out.stale_lock:
            result += " (stale lock)"
        print(
            f"{n:>3} {out.point.kind:<8}{sig:<8}{out.point.describe():>13} {ran:>6} "
            f"{'yes' if stop.lock_seen else 'no':<5}{commits:<12}{out.landed:<24}{out.state:<8}"
            f"{out.search:<5}{out.recovery:<15}{result}"
        )
    print(
        "at: when the signal was due; ran: when it was sent (doneN: the run had already ended, exit N);\n"
        "lock: the run held the write lock; commits: Whoosh commits per shard folder before the stop;\n"
        "landed: changes A -> B the index showed after it; state: ingest-state.json after it (old: A's);\n"
        "srch: exit codes of warta search and warta stats then; recovery: what the next ingest did"
    )
    for n, out in enumerate(outcomes, start=1):
        for problem in out.stop_problems + out.problems:
            print(f"  point {n}: {problem}")
        for note in out.notes:
            print(f"  point {n} (note): {note}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--points", type=int, default=24, help="kill -9 points (default 24)")
    parser.add_argument("--articles", type=int, default=3000, help="articles in version A (default 3000)")
    parser.add_argument("--seed", type=int, default=8, help="corpus sample and delay jitter (default 8)")
    parser.add_argument(
        "--flush-postings",
        type=int,
        default=50_000,
        help="postings a shard between commits in the killed runs (default 50000; 0: the library's)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the work folder and print where it is")
    args = parser.parse_args()
    # A shell starts a background job (``cmd &``) with SIGINT ignored, and exec
    # keeps an ignored signal ignored: the Ctrl-C points would then see ingests
    # that cannot be interrupted.  Handled here, it is at its default in children.
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    rng = random.Random(args.seed)
    began = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="warta-kill-"))
    try:
        world, durations = prepare(work, args, rng)
        print(
            f"timings: ingest of A {durations['A']:.1f} s, "
            f"B into an empty folder {durations['first']:.1f} s, "
            f"update A -> B {durations['update']:.1f} s"
        )
        points = plan_points(args.points, durations, rng)
        interrupts = [
            Point("update", signal.SIGINT, delay=0.03),  # start-up: Python still importing
            Point("update", signal.SIGINT, wait_lock_then=durations["update"] * 0.4),
            Point("update", signal.SIGINT, after_commits=1),
        ]
        outcomes = []
        for n, point in enumerate([*points, *interrupts], start=1):
            out = run_point(world, n, point)
            print(
                f"  {n}/{len(points) + len(interrupts)} {point.kind} {point.describe()}: "
                f"{'ok' if out.ok else 'FAIL'}",
                flush=True,
            )
            outcomes.append(out)
            if not args.keep:
                shutil.rmtree(work / "points", ignore_errors=True)
        concurrency = Concurrency()
        searches_during_update(world, concurrency)
        second_ingest(world, concurrency)
        stale_locks(world, concurrency)

        print()
        print_table(outcomes)
        kills = [o for o in outcomes if o.point.sig == signal.SIGKILL]
        ints = [o for o in outcomes if o.point.sig == signal.SIGINT]
        kinds = Counter(o.point.kind for o in kills)
        stale = [o for o in kills if o.stale_lock]
        print()
        print(
            f"kill points: {len(kills)}, recovered: {sum(o.ok for o in kills)}, "
            f"committed articles lost: {sum(o.lost for o in kills)} "
            f"(missing after recovery: {sum(o.missing_after for o in kills)})"
        )
        print(
            f"  {kinds['update']} updates, {kinds['first']} first builds, {kinds['rebuild']} rebuilds; "
            f"{sum(o.stop is not None and o.stop.finished_first is not None for o in kills)} had ended "
            f"before the kill; a dead PID was left in write.lock at {len(stale)}, and the next ingest "
            f"exited 0 at {sum(o.recovery_code == 0 for o in stale)} of them"
        )
        print(
            f"Ctrl-C points: {len(ints)}, clean stop (exit 130, the one line, no worker left): "
            f"{sum(not o.stop_problems for o in ints)}, recovered: {sum(not o.problems for o in ints)}, "
            f"committed articles lost: {sum(o.lost for o in ints)}"
        )
        c = concurrency
        print(
            f"searches during an update: command line {sum(c.cli_codes.values())} "
            f"(exit codes {dict(sorted(c.cli_codes.items()))}, tracebacks {c.cli_tracebacks}); "
            f"library {sum(c.library.values())} {dict(c.library)}; {c.snapshots} inventories, "
            f"{len(c.bad_snapshots)} not a committed state, {len(c.states_seen)} distinct states; "
            f"the update: exit {c.writer_code}, index {c.writer_result}"
        )
        print(f"second ingest while the first writes: {c.second}; with --wait 300: {c.waited}")
        for line in c.stale:
            print(f"stale lock: {line}")
        for problem in c.problems:
            print(f"  concurrency FAIL: {problem}")
        print(f"this run: {(time.perf_counter() - began) / 60:.1f} min")
        failed = not all(o.ok for o in outcomes) or bool(c.problems) or bool(world.problems)
        return 1 if failed else 0
    finally:
        for pgid in list(_RUNNING):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pgid, signal.SIGKILL)
        if args.keep:
            print(f"work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

"""A build killed with SIGKILL at random moments: the old KB keeps answering
every time, no worker process outlives it, and the next build succeeds.
Two builds at once (the CLI and a web save) take turns; the KB never breaks."""
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import DATA
from indexer.build import build
from indexer.locks import Busy
from test_build_safety import answers
from test_linked_corpus import make_corpus


def _stat(pid: int) -> tuple[int, str, str] | None:
    """(parent pid, state, start time) of a live process, or None."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1].split()
    except (OSError, IndexError):
        return None
    return int(fields[1]), fields[0], fields[19]


def descendants(root: int) -> dict[int, str]:
    """The live processes below ``root`` (a build's workers, whether forked
    or spawned, and theirs), each with its start time, which tells it from a
    later process given the same pid."""
    children: dict[int, list[int]] = {}
    starts: dict[int, str] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit() and (st := _stat(int(d.name))) is not None and st[1] != "Z":
            children.setdefault(st[0], []).append(int(d.name))
            starts[int(d.name)] = st[2]
    found, todo = {}, list(children.get(root, []))
    while todo:
        pid = todo.pop()
        found[pid] = starts[pid]
        todo.extend(children.get(pid, []))
    return found


def still_alive(procs: dict[int, str]) -> list[int]:
    return [pid for pid, start in procs.items()
            if (st := _stat(pid)) is not None and st[1] != "Z" and st[2] == start]


def gone_soon(procs: dict[int, str], limit: float = 10.0) -> list[int]:
    """The processes still there after waiting up to ``limit`` s for the
    kernel to deliver their parent-death signal."""
    end = time.monotonic() + limit
    while (left := still_alive(procs)) and time.monotonic() < end:
        time.sleep(0.05)
    return left


@pytest.fixture
def corpus(tmp_path):
    corpus = make_corpus(tmp_path, registers=True)
    folder = corpus / "documents" / "many"
    folder.mkdir(parents=True)
    for p in sorted((DATA / "documents").glob("*.txt"))[:8]:
        (folder / p.name).write_bytes(p.read_bytes())
    return corpus


def cli_build(corpus, instance, *extra, env=None):
    return subprocess.Popen(
        [sys.executable, "-m", "cancu.cli", "build", "--full", "--quiet", "--corpus", str(corpus),
         "--instance", str(instance), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "CANCU_INDEX_PROCS": "2", **(env or {})})


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal is Linux's")
def test_sigkill_at_20_random_moments(corpus, tmp_path):
    instance = tmp_path / "instance"
    build(corpus, instance)
    assert answers(instance) == 1
    t0 = time.monotonic()
    first = cli_build(corpus, instance)
    assert first.wait(timeout=300) == 0, first.stderr.read()
    duration = time.monotonic() - t0
    rng = random.Random(14)
    seen_workers = 0
    for i in range(20):
        delay = rng.uniform(0.0, duration)
        proc = cli_build(corpus, instance)
        workers: dict[int, str] = {}
        end = time.monotonic() + delay
        # every other time, the moment its worker processes run (parsing or indexing)
        while proc.poll() is None and (time.monotonic() < end if i % 2 else len(workers) < 2):
            workers.update(descendants(proc.pid))
            time.sleep(0.002)
        workers.update(descendants(proc.pid))
        if proc.poll() is None:     # (a build done by now was reaped by poll: nothing left to kill)
            os.kill(proc.pid, signal.SIGKILL)       # the build alone: its workers must follow by themselves
        proc.wait()
        proc.stdout.close()
        proc.stderr.close()
        when = f"{delay:.2f} s" if i % 2 else "while workers ran"
        assert answers(instance) == 1, f"KB broken after a kill {when}"
        assert gone_soon(workers) == [], f"workers left after a kill {when}"
        seen_workers += bool(workers)
    assert seen_workers >= 10, "the kills must fall while worker processes run"
    last = cli_build(corpus, instance)
    out, err = last.communicate(timeout=300)
    assert last.returncode == 0, err
    assert answers(instance) == 1
    # killed builds' directories are gone; the live one and at most two previous remain
    assert len(list(instance.glob("kb-*"))) <= 3


def test_two_builds_at_once_take_turns(corpus, tmp_path):
    instance = tmp_path / "instance"
    build(corpus, instance)
    cli = cli_build(corpus, instance)
    errors = []

    def web_save():     # what web.rebuild does after a save
        try:
            from web.rebuild import rebuild_locked
            rebuild_locked(corpus, instance)
        except Exception as e:   # noqa: BLE001 - reported below
            errors.append(e)
    t = threading.Thread(target=web_save)
    t.start()
    while t.is_alive() or cli.poll() is None:
        assert answers(instance) == 1
        time.sleep(0.02)
    t.join()
    out, err = cli.communicate()
    assert cli.returncode == 0 and errors == [], (err, errors)
    assert answers(instance) == 1
    assert all((d / "kb.sqlite").exists() and (d / "BUILD_OK").exists() for d in instance.glob("kb-*"))


def test_a_build_that_would_wait_can_refuse(corpus, tmp_path):
    from indexer.build import build_lock
    instance = tmp_path / "instance"
    build(corpus, instance)
    with build_lock(instance):
        with pytest.raises(Busy):
            build(corpus, instance, wait=False)


def test_clean_up_spares_a_build_in_progress(corpus, tmp_path):
    instance = tmp_path / "instance"
    build(corpus, instance)
    # an unfinished directory whose builder is alive, and one whose builder is dead
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    try:
        alive_dir = instance / f"kb-20260101-000000-p{sleeper.pid}-x"
        dead_dir = instance / f"kb-20260101-000000-p{dead.pid}-y"
        for d in (alive_dir, dead_dir):
            d.mkdir()
            (d / "kb.sqlite").write_bytes(b"")
        build(corpus, instance)
        assert alive_dir.exists() and not dead_dir.exists()
    finally:
        sleeper.kill()
        sleeper.wait()


def test_a_build_started_while_another_runs_waits_for_it(corpus, tmp_path):
    """The second build of two that surely overlap (the first holds in the
    middle of its run until the second has started) says it waits, and only
    then runs; both finish and the KB answers throughout. Without the build
    lock the second one ran at once and its clean-up removed the first's
    folder."""
    instance = tmp_path / "instance"
    build(corpus, instance)
    first_inside, second_waits = threading.Event(), threading.Event()
    stages: dict[str, list[str]] = {"first": [], "second": []}
    errors = []

    def first_progress(stage, **_):
        stages["first"].append(stage)
        if stage == "liên kết văn bản" and not first_inside.is_set():
            first_inside.set()
            second_waits.wait(20)       # on a build with no lock the second never waits: the test fails below

    def second_progress(stage, **_):
        stages["second"].append(stage)
        if stage == "đang chờ một bản dựng khác xong":
            second_waits.set()

    def run(name, progress):
        try:
            build(corpus, instance, full=True, progress=progress)
        except Exception as e:   # noqa: BLE001 - reported below
            errors.append((name, e))

    first = threading.Thread(target=run, args=("first", first_progress))
    first.start()
    assert first_inside.wait(60)
    second = threading.Thread(target=run, args=("second", second_progress))
    second.start()
    while first.is_alive() or second.is_alive():
        assert answers(instance) == 1
        time.sleep(0.02)
    assert errors == []
    assert second_waits.is_set(), stages["second"]
    # the second read nothing before the first was done
    assert stages["second"].index("đang chờ một bản dựng khác xong") < stages["second"].index("kiểm tra nguồn")
    assert answers(instance) == 1
    assert all((d / "kb.sqlite").exists() and (d / "BUILD_OK").exists() for d in instance.glob("kb-*"))


def test_parsing_workers_start_clean_of_other_threads_locks(corpus, tmp_path, monkeypatch):
    """A web worker rebuilds in one thread while its other threads read the
    KB. A worker process forked at that moment inherits every lock those
    threads hold, and waits forever on one (seen: SQLite's, in the parsers'
    ``store.connect``; the build, and CI, hung). Here a lock is held by
    another thread while the parsing workers start, and opening a database
    needs it: workers that start clean finish the build."""
    import multiprocessing

    import indexer.build as indexer_build
    held, holding = threading.Lock(), threading.Event()
    real_connect = indexer_build.store.connect

    def connect(*args, **kwargs):
        with held:
            return real_connect(*args, **kwargs)
    monkeypatch.setattr(indexer_build.store, "connect", connect)

    def hold_a_while():
        with held:
            holding.set()
            time.sleep(3)

    def progress(stage, *_, **__):
        if stage.startswith("đọc ") and not holding.is_set():
            threading.Thread(target=hold_a_while, daemon=True).start()
            holding.wait(10)
    result = []
    builder = threading.Thread(target=lambda: result.append(
        build(corpus, tmp_path / "instance", full=True, progress=progress)), daemon=True)
    builder.start()
    builder.join(120)
    if builder.is_alive():      # the workers hang: end them, so that the failure is all that is left
        for p in multiprocessing.active_children():
            p.kill()
    assert holding.is_set(), "the parsing stage never started"
    assert not builder.is_alive(), "the build hung: its parsing workers inherited a held lock"
    assert result and result[0].errors == []
    assert answers(tmp_path / "instance") == 1

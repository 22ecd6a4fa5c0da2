"""Killing ``cancu build`` at any moment leaves a KB that still answers,
and the next build completes."""
import os
import signal
import sqlite3
import subprocess
import sys
import time

from indexer.build import build
from test_linked_corpus import make_corpus


def answers(instance):
    """How many documents numbered 59/2019/NĐ-CP the live KB of ``instance``
    has, read-only (also used by test_build_kill)."""
    db = sqlite3.connect(f"file:{instance / 'current' / 'kb.sqlite'}?mode=ro", uri=True)
    try:
        return db.execute("SELECT count(*) FROM documents WHERE number = '59/2019/NĐ-CP'").fetchone()[0]
    finally:
        db.close()


def test_killed_builds_leave_the_kb_answering(tmp_path):
    corpus = make_corpus(tmp_path)
    instance = tmp_path / "instance"
    build(corpus, instance)
    assert answers(instance) == 1
    for delay in (0.05, 0.2, 0.4, 0.6, 0.9, 1.3):
        proc = subprocess.Popen(
            [sys.executable, "-m", "cancu.cli", "build", "--full", "--corpus", str(corpus),
             "--instance", str(instance)], start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        assert answers(instance) == 1, f"KB broken after a kill at {delay}s"
    result = build(corpus, instance, full=True)
    assert result.errors == [] and answers(instance) == 1
    # killed builds' directories are cleaned up; the live one and at most two previous remain
    assert len([d for d in instance.glob("kb-*")]) <= 3

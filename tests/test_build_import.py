"""`cancu import phapdien` names a release by the month it carries and
refuses one the corpus already holds."""
import shutil
import subprocess
import sys
import tarfile

import pytest

from indexer.phapdien_import import ImportRefused, add_to_corpus, release_month
from test_linked_corpus import SLICE, make_corpus


def packed(folder, files, prefix="q"):
    folder.mkdir(parents=True)
    with tarfile.open(folder / "demuc-html.tar.xz", "w:xz") as tar:
        for f in files:
            tar.add(f, arcname=f"{prefix}/{f.name}")
    return folder


def test_an_undated_folder_is_named_by_its_notes(tmp_path):
    corpus = make_corpus(tmp_path)
    month = release_month(SLICE / "2026-01")
    assert month and month[:4].isdigit()
    files = sorted((SLICE / "2026-01").glob("*.html"))[:-1]   # a release unlike the shipped ones
    source = packed(tmp_path / "phapdien-nc-in", files)
    assert not (corpus / "phapdien" / f"phapdien-{release_month(source)}.tar.xz").exists()
    archive, previous = add_to_corpus(source, corpus)
    assert archive.name == f"phapdien-{release_month(source)}.tar.xz"
    assert "nc-in" not in archive.name
    # the same release again, under any name: refused, nothing copied
    again = packed(tmp_path / "phapdien-snapshot-2027-03", files, prefix="other")
    before = sorted(p.name for p in (corpus / "phapdien").iterdir())
    with pytest.raises(ImportRefused, match="trùng nội dung"):
        add_to_corpus(again, corpus)
    assert sorted(p.name for p in (corpus / "phapdien").iterdir()) == before


def test_a_month_already_present_is_refused(tmp_path):
    corpus = make_corpus(tmp_path)
    source = packed(tmp_path / "phapdien-snapshot-2026-01", sorted(SLICE.glob("*.html"))[:3])
    with pytest.raises(ImportRefused, match="đã có bản pháp điển 2026-01"):
        add_to_corpus(source, corpus)
    r = subprocess.run([sys.executable, "-m", "cancu.cli", "import", "phapdien", str(source), "--corpus", str(corpus),
                        "--instance", str(tmp_path / "instance"), "--quiet"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and r.stderr.startswith("cancu: ") and "Traceback" not in r.stderr
    shutil.rmtree(source)

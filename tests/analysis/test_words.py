"""The analyser: what counts as a word, its stem, its offsets, and its size on disk."""

from __future__ import annotations

import json
import pickle
import random
import re
import subprocess
import sys

import pytest

from conftest import SHARED_DATA
from warta import engine
from warta.analysis import words
from warta.analysis.stem_corrections import corrected_stem


def tokens(text: str) -> list[tuple[str, str]]:
    return [(exact, stem) for _pos, _s, _e, exact, stem in words.iter_tokens(text)]


def test_sastrawi_equivalences():
    stems = dict(tokens("berunding perundingan menggagalkan gagal mengatakan kata"))
    assert stems["berunding"] == stems["perundingan"] == "runding"
    assert stems["menggagalkan"] == stems["gagal"] == "gagal"
    assert stems["mengatakan"] == "kata"


def test_numbers_are_kept_whole_and_unstemmed():
    assert tokens("Rp 1.139 triliun, 40.774 desa, 3,5 persen pada 2019.") == [
        ("rp", "rp"), ("1.139", "1.139"), ("triliun", "triliun"), ("40.774", "40.774"),
        ("desa", "desa"), ("3,5", "3,5"), ("persen", "persen"), ("pada", "pada"), ("2019", "2019"),
    ]  # fmt: skip


def test_joined_paragraphs_do_not_glue_numbers_to_words():
    # id-news joins paragraphs with "," : "... 2019,Penangkapan ..."
    assert [e for e, _ in tokens("tahun 2019,Penangkapan itu")] == ["tahun", "2019", "penangkapan", "itu"]


def test_hyphenated_words():
    assert tokens("anak-anak") == [("anak-anak", "anak")]
    assert tokens("berbalas-balasan") == [("berbalas-balasan", "balas")]
    assert tokens("kupu-kupu") == [("kupu-kupu", "kupu-kupu")]
    # Compounds that are not reduplications are split into their parts.
    assert tokens("pro-Israel") == [("pro", "pro"), ("israel", "israel")]
    assert tokens("Covid-19") == [("covid", "covid"), ("19", "19")]


def test_accents_apostrophes_and_possessives():
    assert tokens("Café Pérez") == [("cafe", "cafe"), ("perez", "perez")]
    assert tokens("Jum'at") == [("jumat", "jumat")]
    assert tokens("Trump's") == [("trump", "trump")]
    # Scripts without a Latin base keep their marks.
    assert tokens("नमस्ते") == [("नमस्ते", "नमस्ते")]


def test_positions_and_offsets_point_into_the_text():
    text = "Blinken: “perundingan gencatan senjata”"
    toks = list(words.iter_tokens(text))
    assert [pos for pos, *_ in toks] == [0, 1, 2, 3]
    assert [text[s:e] for _p, s, e, _x, _y in toks] == ["Blinken", "perundingan", "gencatan", "senjata"]


def test_the_schema_pickles_small():
    # Whoosh pickles the schema, analyzers included, into every commit: a
    # stemmer inside it would drag Sastrawi's 30,000-word dictionary along.
    words.analyse_word("perundingan")  # make sure the stemmer is loaded
    assert len(pickle.dumps(engine.build_schema())) < 8_000


ID_NEWS = SHARED_DATA / "id-news" / "articles.jsonl"


def plain_sastrawi(words: list[str]) -> list[str]:
    """Sastrawi's own stems, from a process without warta (which speeds Sastrawi up in place)."""
    code = (
        "import json, sys\n"
        "from Sastrawi.Stemmer.StemmerFactory import StemmerFactory\n"
        "stemmer = StemmerFactory().create_stemmer()\n"
        "print(json.dumps([stemmer.stem(w) for w in json.load(sys.stdin)]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], input=json.dumps(words), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


# Words that take each of Sastrawi's prefix rules (ber-, ter-, me-, mem-, men-, meng-, meny-,
# memper-, pe-, per-, pem-, pen-, peng-, peny-, the -el-/-em-/-er-/-in- infixes, ku-, kau-),
# words that look like a prefix but are roots, and words with suffixes too.
PREFIX_RULE_WORDS = """
    berapi berambut bertanam berlari belajar bekerja beternak terangkat teranjur terpercaya
    terbang tertangkap terhormat tercantum menyapu menulis menangis mengambil mengecat mengebom
    menggali mengqasar menyanyi memukul membaca memfitnah memvonis mempengaruhi memperbaiki
    memperdalam mempunyai meminta memakai melihat merusak mewarnai meyakinkan pewarna peyakin
    perusak pertanian perpanjangan pemukul pembaca pemfitnah pemakai penulis penyanyi pengambil
    pengebom penggali pengetahuan penyapu pelajar peserta pelatih pesuruh pekerja gemetar telunjuk
    gerigi kinerja kuambil kaupukul kuasa kaum berikan pengesahan penyelidikan ketidakadilan
    diperbaiki dipertanyakan menyelesaikannya berdatangan bersenang-senang memerankan perempuan
    pemerintah pemerintahan terlebih penegakan peringatan pengamanan
""".split()


def test_sastrawi_sped_up_gives_sastrawi_s_own_stems():
    # warta skips Sastrawi for words without its affixes, compiles its regular
    # expressions once and skips prefix rules a word cannot take: none of it may
    # change a stem (warta's own corrections aside)
    expected = plain_sastrawi(PREFIX_RULE_WORDS)
    for word, stem in zip(PREFIX_RULE_WORDS, expected, strict=True):
        assert words.analyse_word(word) == ((word, corrected_stem(word) or stem),), word


@pytest.mark.skipif(not ID_NEWS.exists(), reason=f"needs {ID_NEWS} (the shared corpora)")
def test_stemming_shortcut_agrees_with_sastrawi_on_real_words():
    # the same on a sample of real id-news words
    seen: set[str] = set()
    with ID_NEWS.open(encoding="utf-8") as fh:
        for _, line in zip(range(3000), fh, strict=False):
            body = json.loads(line)["body"]
            seen.update(w for w in re.findall(r"[a-z]+", body.lower()))
    sample = random.Random(7).sample(sorted(seen), 3000)
    for word, stem in zip(sample, plain_sastrawi(sample), strict=True):
        expected = corrected_stem(word) or stem  # warta's corrections win
        assert words.analyse_word(word) == ((word, expected),), word


def test_every_combining_mark_of_the_bmp_stays_inside_its_word():
    # the marks are written out in the source for a quicker start: none may be missing
    import unicodedata

    from warta.analysis.words import iter_tokens

    marks = [chr(c) for c in range(0x300, 0x10000) if unicodedata.category(chr(c))[0] == "M"]
    assert len(marks) > 1000
    cut = [hex(ord(m)) for m in marks if len(list(iter_tokens(f"ka{m}ta", "xx"))) != 1]
    assert cut == []
    assert len(list(iter_tokens("ka\u00a0ta", "xx"))) == 2  # a space that is no mark does cut

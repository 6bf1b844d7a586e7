"""Where Sastrawi's stem is wrong for news search, and what warta uses instead.

Sastrawi strips every affix its rules allow and stops at the first root its
dictionary knows, so some words lose letters that belong to them (``pasukan``
-> ``pasu``, ``Maluku`` -> ``malu``) or fall onto an unrelated word that news
uses all the time (``berikan`` -> ``ikan`` "fish", ``relawan`` -> ``rawan``
"prone", ``Dani`` -> ``dan`` "and", ``peserta`` -> ``serta``).  In a search
engine such a collision makes a query find articles about something else.

The lists were made by reading, not by a rule: the words of id-news
(``../shared/data/id-news``) that Sastrawi changes, sorted by frequency, were
checked by hand where the stem did not look like the word minus its affixes
or where the word is mostly written with a capital (a name); faults reported
in Sastrawi's own issue trackers were checked the same way.  Applied when
articles are indexed and when queries are read, so both sides agree; a change
here needs ``warta ingest --rebuild`` (the index format version says so).
"""

from __future__ import annotations

# Words kept whole: names of places, people, clubs and institutions that
# Sastrawi reads as affixed words, and words whose "root" is a different word.
KEEP = frozenset(
    """
    bali bekasi maluku kediri merapi semeru kutai berau musi rokan kalasan slipi bengkalis bangkalan
    merangin penajam labuan kemayoran kunciran manahan minang penang busan berlin mekkah milan
    persebaya persela perseru taliban lukaku diego boris serena julian diana susan susi hadi helmi
    dimas luki delon ciki niki deni dani toni tomi yuki dadan manan amali nazari besari rosan sehun
    johanis kumala ginanjar kementan kejari kejati kejagung kadis kuhap kecamatan pendapat
    pasukan relawan pemilu peserta tersangka pengadilan peradilan pendapatan pemerintah memadai
    """.split()
)

# Words whose stem Sastrawi gets wrong, with the right one.
STEMS = {
    "berikan": "beri",
    "perbankan": "bank",
    "pengesahan": "sah",
    "mengesahkan": "sah",
    "penyelidikan": "selidik",
    "penyidikan": "sidik",
    "menangis": "tangis",
    "membantah": "bantah",
    "dibantah": "bantah",
    "pemeran": "peran",
    "memasuki": "masuk",
    "pemasukan": "masuk",
    "berbasis": "basis",
    "penegakan": "tegak",
    "belasan": "belas",
    "senilai": "nilai",
    "bernilai": "nilai",
    "berupa": "rupa",
    "gerakan": "gerak",
    "pergerakan": "gerak",
    "peradangan": "radang",
    "mengunjungi": "kunjung",
    "pengunjung": "kunjung",
    "mengecek": "cek",
    "pengecekan": "cek",
    "menelan": "telan",
    "ditelan": "telan",
    "memenangi": "menang",
    "sekedar": "sekadar",
    "disepakati": "sepakat",
    "menyepakati": "sepakat",
    "menemani": "teman",
    "ditemani": "teman",
    "diselimuti": "selimut",
    "menyelimuti": "selimut",
    "berpendapat": "pendapat",
    "pemerintahan": "pemerintah",
    "dikurangi": "kurang",
    "menyinari": "sinar",
    "perancangan": "rancang",
    "perancang": "rancang",
    "pemrograman": "program",
    "pemrosesan": "proses",
    "pengering": "kering",
    "pengeringan": "kering",
    "mengeringkan": "kering",
}

# Particles and possessives that may follow any word: "pemilunya", "relawanpun".
_CLITICS = ("nya", "lah", "kah", "pun", "ku", "mu")


def corrected_stem(word: str) -> str | None:
    """warta's stem for lower-case *word* when Sastrawi's is wrong, else None.

    Also for the word doubled as a plural (``relawan-relawan``) or with a
    particle after it (``pemilunya``).
    """
    first, dash, second = word.partition("-")
    if dash and first == second:
        word = first
    stripped = (word[: -len(c)] for c in _CLITICS if word.endswith(c) and len(word) > len(c) + 2)
    for base in (word, *stripped):
        if base in KEEP:
            return base
        if base in STEMS:
            return STEMS[base]
    return None

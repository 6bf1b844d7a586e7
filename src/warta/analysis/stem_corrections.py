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
in Sastrawi's own issue trackers were checked the same way.

A second review (issue 17) read two more sources.  Sastrawi's own tests: the
203 expected stems of PySastrawi's functional and integration tests, run
through warta; those it failed for want of a correction are listed below,
and the few where warta deliberately differs are listed, with the reason, in
``tests/analysis/test_stems.py``.  A list made by ``benchmarks/stem_review.py``:
every id-news word seen 8 times or more whose stem may be wrong (another root
it could be read as is much more common, the stem is hardly seen otherwise,
the word is mostly capitalised, or the stem is not the word minus affixes);
its 505 words were read, with the 700 most frequent changed words it did not
flag.  For each wrong stem, the other words sharing it were read too (so
``perawat`` came with ``perawatan``).  Names were kept whole when their stem is
a word news uses (``Jammu`` -> ``jam``, ``Kawali`` -> ``kawal``).  Each root a word
is corrected to is its own stem, so a search for the root finds the word.

Applied when articles are indexed and when queries are read, so both sides
agree; a change here needs ``warta ingest --rebuild`` (the index format
version says so).
"""

from __future__ import annotations

# Words kept whole: names of places, people, clubs and institutions that
# Sastrawi reads as affixed words, words whose "root" is a different word
# (``pengacara`` "lawyer" is not ``acara`` "event") or one so common that a
# search for the word would find it everywhere (``sedari`` "since" is not
# ``dari`` "from", ``perupa`` "artist" not ``berupa`` "in the form of"), and
# borrowed or colloquial words Sastrawi misreads (``minister`` -> ``mister``).
KEEP = frozenset(
    """
    bali bekasi maluku kediri merapi semeru kutai berau musi rokan kalasan slipi bengkalis bangkalan
    merangin penajam labuan kemayoran kunciran manahan minang penang busan berlin mekkah milan
    persebaya persela perseru taliban lukaku diego boris serena julian diana susan susi hadi helmi
    dimas luki delon ciki niki deni dani toni tomi yuki dadan manan amali nazari besari rosan sehun
    johanis kumala ginanjar kementan kejari kejati kejagung kadis kuhap kecamatan pendapat
    pasukan relawan pemilu peserta tersangka pengadilan peradilan pendapatan pemerintah memadai
    asian irian oman persia balkan jammu dili berhad tarakan cinere asahan sepinggan pegadungan
    deliserdang tabanan binus bungku temanggung semin legian mangunan citatah kalimati kawali pakuan
    mendawai sugihan pengkolan penukal ungaran petamburan selor percut melawi melawai kuantan
    kembangan sebangau baluran sepaku persewar perserang mentan permentan terawan digoel nining yadi
    tabuni sanadi pani kumara kumar permadi walian logan berardi tamami tinampi winarsa ardian ayumi
    suhadi rangkuti pulungan tambunan dinis bomi jami nuran miku seom seong somi piningit kisaku
    pengacara peranakan perupa sedari sesekali pengen belur minister cinema diseminasi
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


def _add_stems(table: str) -> None:
    """Add ``root: word word ...`` lines to `STEMS`; a word listed twice is a mistake."""
    for line in table.strip().splitlines():
        root, _, words = line.partition(":")
        for word in words.split():
            if word in STEMS or word in KEEP:
                raise ValueError(f"stem_corrections lists {word!r} twice")
            STEMS[word] = root.strip()


# Pairs of Sastrawi's own tests (PySastrawi, tests/FunctionalTests and
# tests/IntegrationTests) that it fails with its full dictionary, which knows
# the derived word or a wrong root (``muas``, ``rang``, ``rim``), with words of
# the same families that id-news uses.
_add_stems(
    """
    apa: apatah
    beli: belikan
    terang: menerangi diterangi
    puas: memuaskan pemuas pemuasan
    rata: rerata pemerataan
    lembut: lelembut
    ideal: idealis idealisme
    puluh: kesepersepuluh
    """
)

# Read by hand in the list of benchmarks/stem_review.py on id-news: a common
# word read as an unrelated root (``kerusakan`` -> ``rusa`` "deer", ``terasa``
# -> ``asa``, ``menikah`` -> ``meni``), a root Sastrawi's dictionary lacks
# (``perokok`` -> ``okok``), misspellings news often makes (``memasukan``,
# ``mengelar`` for ``menggelar``).  Other words of the same family were looked
# for among the words that had the same wrong stem.
_add_stems(
    """
    rawat: perawat perawatan terawat keperawatan
    nikah: menikah
    rasa: terasa berasa perasa perasaan
    rusak: kerusakan perusakan perusak pengrusakan pengerusakan
    penuh: sepenuh
    kesan: terkesan
    runtun: beruntun
    pekan: sepekan
    ternak: peternakan
    diskusi: berdiskusi
    rokok: perokok
    jalan: pejalan
    siap: kesiapan
    pesan: memesan pemesan pemesanan dipesan
    langkah: melangkah selangkah
    kira: mengira
    minat: diminati meminati
    kuasa: dikuasai
    kenal: mengenali dikenali berkenalan
    tarik: penarikan ketertarikan tarikan
    kabar: mengabarkan mengabari
    ngeri: mengerikan
    belah: belahan bersebelahan berbelahan
    delapan: kedelapan
    perang: memerangi perangi diperangi
    seberang: menyeberangi berseberangan
    isi: berisikan
    santai: bersantai
    sepak: sepakan
    pajak: perpajakan
    aman: pengaman
    ampun: pengampun
    cemar: mencemari tercemari
    padu: memadu memadukan
    tepis: menepis
    ramai: beramai
    ekspresi: berekspresi
    naung: menaungi
    kantuk: mengantuk
    gemar: digemari menggemari
    pungut: memungut pemungutan
    keruk: pengerukan
    pikat: memikat pemikat
    jelajah: menjelajahi dijelajahi
    rampok: perampokan
    kuras: menguras
    peta: pemetaan memetakan
    sampai: sesampai sesampainya
    masuk: memasukan
    sesal: menyesali
    gelar: mengelar
    api: berapi
    penting: berkepentingan
    kering: mengering
    suntik: suntikan menyuntikan disuntikan
    tipis: menipis
    lempar: melempari dilempari
    marah: memarahi
    kaki: berkaki
    ketua: diketuai
    letak: peletakan meletakan diletakan
    culik: penculikan
    serak: berserakan
    kelahi: berkelahi
    lambang: melambangkan
    kacau: mengacaukan
    lukis: melukis
    surat: menyurati disurati
    palak: pemalakan
    simpati: bersimpati
    induk: indukan
    serentak: keserentakan
    dini: sedini
    duduk: berkedudukan
    tani: bertani
    segan: disegani
    tahu: menahu
    berontak: pemberontakan
    rampas: perampasan
    kekang: mengekang pengekangan
    kencang: mengencangkan
    kabur: mengaburkan
    kasih: mengasihi
    urut: berurutan
    berat: berkeberatan
    menang: menangi dimenangi
    kuak: menguak
    terbang: beterbangan berterbangan
    pegang: berpegangan memegangi dipegangi
    buruk: keburukan
    poles: memoles
    matang: pematangan
    anak: anakan
    pelopor: dipelopori mempelopori
    tangan: ditangan
    lulus: kelulusan
    repot: kerepotan
    teriak: meneriaki diteriaki
    kalung: mengalungkan pengalungan
    gerak: menggerakan digerakan
    koyak: mengoyak
    bacok: pembacokan bacokan
    pentas: pementasan mementaskan
    gunduk: gundukan
    pilu: memilukan
    minta: memintai
    garis: bergaris menggaris digaris
    organisasi: berorganisasi
    suami: bersuami
    berkat: diberkati memberkati
    ketuk: ketukan
    diam: mendiami
    kawin: mengawini mengawinkan
    kobar: mengobarkan
    sarang: menyarangkan
    pemilu: kepemiluan
    putri: puteri
    """
)
# Left as Sastrawi has them: pemutih, pemutihan, memutihkan -> mutih.  Not the
# right root, but it keeps the whitening words together and apart from putih,
# which news mostly writes in fixed phrases (air putih, Gedung Putih); joined,
# "manfaat minum air putih" found an article on whitening teeth.

# Words Sastrawi stems right alone but wrong with a particle or possessive
# after them (``dinilai`` -> ``nilai``, ``dinilainya`` -> ``nila``: its rule
# for words such as di-...-i looks at the whole word, particle included).
# Listed without the particle, which `corrected_stem` takes off.
_add_stems(
    """
    nilai: dinilai menilai
    mulai: dimulai memulai
    beli: membeli dibeli pembeli
    pakai: memakai pemakai
    capai: tercapai mencapai
    alami: dialami mengalami
    tani: petani
    kemudi: pengemudi
    huni: penghuni
    iman: beriman
    ajar: belajar
    """
)

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

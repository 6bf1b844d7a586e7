"""Abbreviations of Indonesian news and what they stand for.

Indonesian reporting writes institutions, programmes and events as
abbreviations (KPK, OTT, karhutla, pilkada) and spells them out now and then;
a reader types either.  A query word found here also matches its full form
as a phrase, and a full form typed out also matches the abbreviation
(`query.rewrites.abbreviations`).  Common ones only, and not those with
two frequent meanings: ``MA`` (Mahkamah Agung, and a word), ``PBB`` (the UN,
and a land tax), ``DPD`` (a chamber of parliament, and a party's regional
board) are left out.  Those that are also ordinary words (``as``, ``bi``,
``ham``) are expanded only when typed in capitals (`CAPITALS_ONLY`).
"""

from __future__ import annotations

ABBREVIATIONS: dict[str, str] = {
    # law enforcement and courts
    "ott": "operasi tangkap tangan",
    "kpk": "komisi pemberantasan korupsi",
    "capim": "calon pimpinan",
    "mk": "mahkamah konstitusi",
    "kuhp": "kitab undang-undang hukum pidana",
    "rkuhp": "rancangan kitab undang-undang hukum pidana",
    "ruu": "rancangan undang-undang",
    "uu": "undang-undang",
    "bnn": "badan narkotika nasional",
    "polri": "kepolisian negara republik indonesia",
    "polda": "kepolisian daerah",
    "polres": "kepolisian resor",
    "kapolri": "kepala kepolisian negara republik indonesia",
    "kapolda": "kepala kepolisian daerah",
    "tni": "tentara nasional indonesia",
    "ham": "hak asasi manusia",
    # elections and parliament
    "pemilu": "pemilihan umum",
    "pilkada": "pemilihan kepala daerah",
    "pilpres": "pemilihan presiden",
    "pileg": "pemilihan legislatif",
    "capres": "calon presiden",
    "cawapres": "calon wakil presiden",
    "caleg": "calon legislatif",
    "kpu": "komisi pemilihan umum",
    "bawaslu": "badan pengawas pemilu",
    "dpr": "dewan perwakilan rakyat",
    "dprd": "dewan perwakilan rakyat daerah",
    "mpr": "majelis permusyawaratan rakyat",
    # government
    "asn": "aparatur sipil negara",
    "pns": "pegawai negeri sipil",
    "cpns": "calon pegawai negeri sipil",
    "pemprov": "pemerintah provinsi",
    "pemkot": "pemerintah kota",
    "pemkab": "pemerintah kabupaten",
    "klhk": "kementerian lingkungan hidup dan kehutanan",
    "kemenkes": "kementerian kesehatan",
    "kemenkeu": "kementerian keuangan",
    "kemenhub": "kementerian perhubungan",
    "menkeu": "menteri keuangan",
    "menhub": "menteri perhubungan",
    "bmkg": "badan meteorologi klimatologi dan geofisika",
    "bnpb": "badan nasional penanggulangan bencana",
    "bpbd": "badan penanggulangan bencana daerah",
    "ikn": "ibu kota nusantara",
    "mbg": "makan bergizi gratis",
    # economy
    "bi": "bank indonesia",
    "ojk": "otoritas jasa keuangan",
    "bpjs": "badan penyelenggara jaminan sosial",
    "bumn": "badan usaha milik negara",
    "apbn": "anggaran pendapatan dan belanja negara",
    "apbd": "anggaran pendapatan dan belanja daerah",
    "phk": "pemutusan hubungan kerja",
    "umkm": "usaha mikro kecil dan menengah",
    "bbm": "bahan bakar minyak",
    "pln": "perusahaan listrik negara",
    "ppn": "pajak pertambahan nilai",
    "ihsg": "indeks harga saham gabungan",
    "ump": "upah minimum provinsi",
    # society, health, sport
    "karhutla": "kebakaran hutan dan lahan",
    "ojol": "ojek online",
    "tki": "tenaga kerja indonesia",
    "wni": "warga negara indonesia",
    "wna": "warga negara asing",
    "ispa": "infeksi saluran pernapasan akut",
    "dbd": "demam berdarah dengue",
    "lsm": "lembaga swadaya masyarakat",
    "ktp": "kartu tanda penduduk",
    "timnas": "tim nasional",
    "pssi": "persatuan sepakbola seluruh indonesia",
    # places
    "as": "amerika serikat",
    "jabar": "jawa barat",
    "jateng": "jawa tengah",
    "jatim": "jawa timur",
    "sumut": "sumatera utara",
    "sumbar": "sumatera barat",
    "sulsel": "sulawesi selatan",
    "kaltim": "kalimantan timur",
    "kalbar": "kalimantan barat",
    "kalteng": "kalimantan tengah",
    "ntt": "nusa tenggara timur",
    "ntb": "nusa tenggara barat",
}

# Expanded only when the query writes them in capitals: "AS" is the United States, "as" an axle.
CAPITALS_ONLY = frozenset({"as", "bi", "ham"})

# Abbreviations the news nearly always writes short: of the id-news articles with the
# abbreviation or its full form, under 10 % have only the full form ("Komisi
# Pemberantasan Korupsi" without "KPK": 27 of 1,842).  Their full form is matched
# when typed, but an abbreviation typed is not widened to its full form: the phrase
# would find almost nothing more and doubles the time of queries that use them.
WRITTEN_SHORT = frozenset(
    """
    kpk dpr dprd mpr tni polri polda polres kapolri kapolda bpjs bumn apbn apbd ihsg ump dbd pssi
    rkuhp ruu umkm ispa pln bmkg bnpb bpbd bawaslu kpu ppn cpns caleg ktp pilkada timnas ikn
    """.split()
)

# The other way round: a full form, as the words a query spells it in.
SPELLED_OUT: dict[str, str] = {expansion: short for short, expansion in ABBREVIATIONS.items()}

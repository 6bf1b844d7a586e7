"""A corpus and the query forms users type, shared by the tests that compare two rankings.

The array scorer against Whoosh's collector (`engine/test_array_scoring.py`)
and a cluster's shards against one index (`cluster/test_cluster.py`).  The
articles are short Indonesian news items that share words (so rankings are
not trivial), a few English ones (so the index has two languages and a query
two readings), titles, repeated words, phrases, sources, dates, and the
abbreviation OTT beside its full form.
"""

from __future__ import annotations

import json
from pathlib import Path


def news(
    doc_id: str, title: str, body: str, source: str | None = None, date: str | None = None, lang: str = "id"
) -> dict[str, str]:
    record = {"id": doc_id, "title": title, "body": body, "lang": lang}
    if source:
        record["source"] = source
    if date:
        record["date"] = date
    return record


# fmt: off
ARTICLES = [
    # floods: "banjir" and "jakarta" in many articles, repeated in some
    news("banjir-01", "Banjir Rendam Jakarta Timur",
         "Banjir merendam ribuan rumah warga di Jakarta Timur. Banjir datang setelah hujan deras. "
         "Warga mengungsi ke masjid.", "Kompas.com", "2019-09-10"),
    news("banjir-02", "Banjir Lagi, Banjir Lagi",
         "Banjir banjir dan banjir lagi. Warga Kampung Melayu sudah terbiasa dengan banjir tahunan.",
         "Detik.com", "2020-01-02"),
    news("banjir-03", "Hujan Deras Guyur Bogor",
         "Hujan deras mengguyur Bogor sejak pagi. Sungai Ciliwung meluap dan banjir kiriman "
         "diperkirakan sampai di Jakarta malam ini.", "Tempo.co", "2020-01-01"),
    news("banjir-04", "Pemerintah Siapkan Pompa Air",
         "Pemerintah Provinsi DKI Jakarta menyiapkan pompa air di titik rawan banjir. "
         "Gubernur meminta warga waspada.", "Kompas.com", "2019-11-20"),
    news("banjir-05", "Korban Banjir Butuh Air Bersih",
         "Korban banjir di Bekasi membutuhkan air bersih dan makanan. Relawan membagikan "
         "bantuan kepada warga.", "Antara", "2020-01-03"),
    news("banjir-06", "Banjir Bandang di Sentani",
         "Banjir bandang menerjang Sentani, Papua. Polisi dan tentara membantu evakuasi warga. "
         "Jakarta mengirim bantuan.", "Antara", "2019-03-17"),
    news("banjir-07", "Jakarta Bebas Banjir?",
         "Program normalisasi sungai diklaim membuat Jakarta bebas banjir. Pengamat meragukan "
         "klaim itu karena hujan ekstrem makin sering.", "Tempo.co"),
    news("banjir-08", "Warga Keluhkan Genangan",
         "Genangan air setinggi lutut membuat warga kesulitan pulang. Polisi mengalihkan arus "
         "lalu lintas di Jakarta Selatan.", "Detik.com", "2020-02-25"),
    # earthquakes
    news("gempa-01", "Gempa Guncang Lombok",
         "Gempa berkekuatan 5,8 mengguncang Lombok Utara pada Rabu pagi. Warga berhamburan keluar rumah.",
         "Kompas.com", "2019-03-17"),
    news("gempa-02", "Gempa Susulan Terasa di Bali",
         "Gempa susulan terasa hingga Bali. BMKG meminta warga tidak panik dan menjauhi bangunan retak.",
         "Detik.com", "2019-03-18"),
    news("gempa-03", "Korban Gempa Palu Masih Mengungsi",
         "Ribuan korban gempa Palu masih tinggal di tenda pengungsian. Pemerintah berjanji "
         "membangun hunian tetap.", "Tempo.co", "2019-09-28"),
    news("gempa-04", "Gempa dan Banjir Landa Sulawesi",
         "Setelah gempa, banjir melanda Sulawesi Tengah. Warga korban gempa kembali mengungsi.",
         "Antara", "2019-10-05"),
    # corruption: OTT and its full form
    news("kpk-01", "KPK Tangkap Bupati dalam OTT",
         "Komisi Pemberantasan Korupsi menangkap seorang bupati dalam OTT di Jawa Timur. "
         "Uang suap ratusan juta rupiah disita.", "Kompas.com", "2019-10-15"),
    news("kpk-02", "Operasi Tangkap Tangan di Kabupaten",
         "Penyidik melakukan operasi tangkap tangan terhadap pejabat kabupaten. Bupati membantah "
         "menerima suap.", "Tempo.co", "2019-10-16"),
    news("kpk-03", "Bupati Jadi Tersangka Suap",
         "Bupati itu ditetapkan sebagai tersangka suap proyek jalan. OTT dilakukan pada Selasa "
         "malam di rumah dinasnya.", "Detik.com", "2019-10-17"),
    news("kpk-04", "Tangkap Tangan, Tangan Kosong",
         "Polisi menangkap tangan pelaku pencopetan di pasar. Pelaku datang dengan tangan kosong "
         "dan pulang ditangkap.", "Antara", "2020-02-11"),
    news("kpk-05", "OTT Kepala Dinas",
         "Kepala dinas pekerjaan umum terjaring OTT. Operasi tangkap tangan itu berlangsung di "
         "Jakarta. KPK menyita uang tunai.", "Kompas.com", "2020-03-04"),
    news("kpk-06", "Wali Kota Diperiksa",
         "Wali kota diperiksa penyidik sebagai saksi kasus suap. Ia membantah terlibat operasi "
         "tangkap tangan pekan lalu.", "Tempo.co"),
    # prices: the phrase "harga beras" in some, the words apart in others
    news("harga-01", "Harga Beras Naik",
         "Harga beras naik di pasar tradisional Jakarta. Pedagang menyebut harga beras medium "
         "naik dua ribu rupiah.", "Kompas.com", "2019-08-01"),
    news("harga-02", "Harga Cabai Turun, Beras Stabil",
         "Harga cabai turun tajam. Sementara itu beras tetap stabil di pasar induk.",
         "Detik.com", "2019-08-05"),
    news("harga-03", "Harga Kopi di Kafe Naik",
         "Harga secangkir kopi di kafe kawasan Menteng naik. Pemilik kafe menyebut harga "
         "biji kopi dunia melonjak sepanjang 2019.", "Detik.com", "2019-08-15"),
    news("harga-04", "Stok Beras Aman",
         "Bulog memastikan stok beras aman hingga akhir tahun. Harga di tingkat petani naik "
         "sedikit.", "Antara", "2019-09-02"),
    news("harga-05", "Petani Panen Raya",
         "Petani di Karawang memulai panen raya. Harga gabah stabil dan beras melimpah.",
         "Antara", "2020-04-10"),
    news("harga-06", "Harga Kebutuhan Pokok Jelang Lebaran",
         "Menjelang Lebaran harga kebutuhan pokok naik. Harga beras, gula dan minyak goreng "
         "dipantau pemerintah.", "Kompas.com", "2020-05-01"),
    # elections
    news("pemilu-01", "KPU Umumkan Jadwal Pemilu",
         "Komisi Pemilihan Umum mengumumkan jadwal pemilu serentak. Para relawan mulai "
         "mendata pemilih di desa.", "Tempo.co", "2019-10-02"),
    news("pemilu-02", "Pemilu Berjalan Damai",
         "Pemilu di Jakarta berjalan damai. Polisi berjaga di setiap tempat pemungutan suara.",
         "Kompas.com", "2019-04-17"),
    news("pemilu-03", "Hasil Hitung Cepat",
         "Hasil hitung cepat pemilu menunjukkan selisih tipis. Kedua kubu diminta menunggu hasil "
         "resmi.", "Detik.com", "2019-04-18"),
    news("pemilu-04", "Sengketa Pemilu di Mahkamah",
         "Mahkamah Konstitusi menyidangkan sengketa hasil pemilu. Ribuan polisi menjaga gedung.",
         "Antara", "2019-06-14"),
    # sport
    news("bola-01", "Timnas Menang Tipis",
         "Tim nasional menang 1-0 atas Malaysia dalam laga persahabatan di Jakarta.",
         "Kompas.com", "2019-09-05"),
    news("bola-02", "Persija Juara",
         "Persija Jakarta menjadi juara liga. Ribuan suporter merayakan di jalan.",
         "Detik.com", "2018-12-09"),
    news("bola-03", "Laga Ditunda karena Banjir",
         "Laga liga ditunda karena stadion tergenang banjir. Panitia menjadwalkan ulang "
         "pertandingan.", "Tempo.co", "2020-01-04"),
    # forest fires and haze
    news("api-01", "Kebakaran Hutan Meluas di Riau",
         "Kebakaran hutan dan lahan di Riau terus meluas. Kabut asap menyelimuti Pekanbaru.",
         "Riau Pos", "2019-09-12"),
    news("api-02", "Kabut Asap Ganggu Penerbangan",
         "Kabut asap dari kebakaran hutan mengganggu penerbangan di Pekanbaru dan Jambi.",
         "Riau Pos", "2019-09-14"),
    news("api-03", "Polisi Tetapkan Tersangka Pembakar Lahan",
         "Polisi menetapkan tersangka pembakar lahan di Riau. Kebakaran hutan merugikan "
         "negara.", "Antara", "2019-09-20"),
    # mixed: several topics in one article, long and short
    news("lain-01", "Jakarta Hari Ini",
         "Jakarta hari ini: banjir di timur, harga beras naik, polisi berjaga di pusat kota, "
         "gempa kecil terasa, asap kebakaran hutan dari Sumatra tiba, dan pemilu kepala daerah "
         "makin dekat. Warga Jakarta diminta waspada.", "Kompas.com",
         "2020-01-05"),
    news("lain-02", "Ringkasan Berita",
         "Ringkasan: gempa di Lombok, kebakaran hutan di Riau, OTT bupati, harga kopi naik.",
         "Detik.com", "2019-10-20"),
    news("lain-03", "Cuaca Cerah", "Cuaca cerah sepanjang hari.", "Tempo.co", "2019-07-07"),
    news("lain-04", "Pasar Saham Menguat",
         "Indeks harga saham gabungan menguat pada penutupan perdagangan di Jakarta.", "Antara"),
    news("lain-05", "Macet Panjang di Tol",
         "Macet panjang terjadi di tol menuju Jakarta. Polisi menyarankan warga mencari jalan lain. "
         "Macet diperkirakan berlangsung hingga malam, macet, macet, macet.", "Detik.com", "2019-12-24"),
    news("lain-06", "Banjir Informasi",
         "Di era media sosial kita kebanjiran informasi. Banjir hoaks soal gempa dan banjir "
         "meresahkan warga.", "Tempo.co", "2020-02-01"),
    # English articles: another reading of the query
    news("en-01", "Floods Hit Jakarta",
         "Floods hit Jakarta after heavy rain. Thousands of residents were evacuated as the "
         "floods rose overnight.", "Jakarta Post", "2020-01-02", lang="en"),
    news("en-02", "Regent Arrested in Sting",
         "The anti-graft agency arrested a regent in a sting operation, known locally as OTT. "
         "Investigators seized cash.", "Jakarta Post", "2019-10-15", lang="en"),
    news("en-03", "Election Results Disputed",
         "Election results were disputed in court. Police guarded the building in Jakarta as "
         "the elections case opened.", "Reuters", "2019-06-14", lang="en"),
    news("en-04", "Rice Prices Rise",
         "Rice prices rose in Jakarta markets. Traders said the price of rice climbed for a "
         "second week.", "Reuters", "2019-08-02", lang="en"),
    news("en-05", "Earthquake Strikes Lombok",
         "An earthquake struck Lombok. Residents fled their homes; the earthquake was felt in Bali.",
         "Reuters", "2019-03-17", lang="en"),
    news("en-06", "Haze Disrupts Flights",
         "Haze from forest fires in Riau disrupted flights. Banjir is the Indonesian word for flood.",
         "Jakarta Post", "2019-09-14", lang="en"),
]
# fmt: on

# Two articles as plain text files, which an update later changes or removes.
TEXT_FILES = {
    "banjir-susulan.txt": "Banjir Susulan di Jakarta\n\nBanjir susulan merendam Jakarta Utara. "
    "Warga kembali mengungsi dan polisi membantu evakuasi.\n",
    "gempa-kecil.txt": "Gempa Kecil Guncang Sukabumi\n\nGempa kecil mengguncang Sukabumi. "
    "Tidak ada korban jiwa dan warga tetap tenang.\n",
}


def write_corpus(folder: Path) -> Path:
    """The articles as JSON lines (in two files) plus the text files."""
    folder.mkdir(parents=True, exist_ok=True)
    half = len(ARTICLES) // 2
    for name, records in (("satu.jsonl", ARTICLES[:half]), ("dua.jsonl", ARTICLES[half:])):
        lines = [json.dumps(r, ensure_ascii=False) for r in records]
        (folder / name).write_text("\n".join(lines) + "\n", "utf-8")
    for name, text in TEXT_FILES.items():
        (folder / name).write_text(text, "utf-8")
    return folder


# Queries as users type them; each matches something (see the test).
QUERIES = [
    # words
    "banjir",
    "Banjir",
    "banjir jakarta",
    "banjir di jakarta",  # a stopword among the words
    "harga kopi naik",
    "polisi warga jakarta",
    "kebakaran hutan riau asap",
    "banjir gempa kebakaran hutan harga beras pemilu polisi jakarta warga",  # beyond coordination
    "kebanjiran",
    # phrases
    '"harga beras"',
    '"banjir banjir"',  # a repeated word
    '"operasi tangkap tangan"',
    '"tangkap tangan"',
    '"kabut asap" riau',
    'title:"harga beras"',
    # operators
    "banjir OR gempa",
    "banjir AND jakarta",
    "banjir AND jakarta AND polisi",
    "banjir NOT jakarta",
    "banjir -jakarta",
    "banjir -jakarta -warga",
    'harga -"harga beras"',
    "gempa ANDNOT lombok",
    "banjir ANDMAYBE polisi",
    "+banjir jakarta",
    "+banjir +jakarta polisi",
    "(banjir OR gempa) warga",
    "polisi OR (jakarta NOT banjir)",
    "banjir^3 gempa",
    "banjir^0.5 warga",
    "banjir OR",  # a dangling operator
    # fields
    "title:banjir",
    "judul:gempa warga",
    "isi:banjir",
    "source:kompas banjir",
    "sumber:antara gempa",
    'source:"riau pos" asap',
    "lang:en jakarta",
    "id:kpk-01 bupati",
    "warga:banjir",  # no such field: two words
    # patterns
    "banj*",
    "b*jir warga",
    "hutan* asap*",
    "*",
    # dates
    "date:2019 banjir",
    "date:2019-09 kebakaran",
    "date:[2019-09-01 to 2019-10-31] banjir",
    "date:[to 2019-06-30] banjir",
    "title:[banjir to gempa]",
    "[to] banjir",  # a range of every word: fuzzed queries found it took minutes
    # abbreviations
    "OTT",
    "OTT bupati",
    "operasi tangkap tangan bupati",
    # English: the query has two readings
    "floods",
    "floods jakarta",
    "elections",
    "earthquake lombok",
    "rice prices",
    "the floods",
]

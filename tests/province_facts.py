"""Facts about the provinces, written out from the sources (not read from the data files).

Provinces of North Korea (the table): names, capitals, 2008 census, areas; the
province articles' infoboxes for the other areas; ISO 3166-2:KP and the ISO
change log for codes; GeoNames for ids. Shared by the tests that check them.
"""

from __future__ import annotations

from decimal import Decimal

from tests.second_level import PROVINCE_UNITS

# slug: (English, Chosŏn'gŭl, Hancha, McCune–Reischauer, capital slug, population 2008,
#        area of the table, area of the infobox or None, letter code, numeric code, QID,
#        GeoNames id, (lat, lon))
PROVINCES: dict[str, tuple] = {
    "north-pyongan": ("North Pyongan", "평안북도", "平安北道", "P'yŏngan-pukto", "sinuiju",
                      2728662, Decimal("12680.3"), None, "KP-PYB", "KP-03", "Q109348",
                      "1871954", ("40.06428", "125.23562")),
    "south-pyongan": ("South Pyongan", "평안남도", "平安南道", "P'yŏngan-namdo", "pyongsong",
                      4051696, Decimal("11890.6"), None, "KP-PYN", "KP-02", "Q109380",
                      "1871952", ("39.54165", "126.06476")),
    "north-hwanghae": ("North Hwanghae", "황해북도", "黃海北道", "Hwanghae-pukto", "sariwon",
                       2113672, Decimal("8153.7"), Decimal("8154"), "KP-HWB", "KP-06",
                       "Q109342", "1876888", ("38.57096", "126.24657")),
    "south-hwanghae": ("South Hwanghae", "황해남도", "黃海南道", "Hwanghae-namdo", "haeju",
                       2310485, Decimal("8450.3"), Decimal("8450"), "KP-HWN", "KP-05",
                       "Q626052", "1876884", ("38.26283", "125.47690")),
    "kangwon": ("Kangwon", "강원도", "江原道", "Kangwŏn-do", "wonsan",
                1477582, Decimal("11091"), Decimal("11255"), "KP-KAN", "KP-07", "Q41416",
                "1876101", ("38.83543", "127.51465")),
    "south-hamgyong": ("South Hamgyong", "함경남도", "咸鏡南道", "Hamgyŏng-namdo", "hamhung",
                       3066013, Decimal("18534"), Decimal("18970"), "KP-HAN", "KP-08",
                       "Q109368", "1877450", ("40.11992", "127.59910")),
    "north-hamgyong": ("North Hamgyong", "함경북도", "咸鏡北道", "Hamgyŏng-pukto", "chongjin",
                       2327362, Decimal("15980"), Decimal("20345"), "KP-HAB", "KP-09",
                       "Q109361", "2044245", ("41.90987", "129.36906")),
    "chagang": ("Chagang", "자강도", "慈江道", "Chagang-do", "kanggye",
                1299830, Decimal("16765"), Decimal("16613"), "KP-CHA", "KP-04", "Q272406",
                "2045265", ("40.71985", "126.53906")),
    "ryanggang": ("Ryanggang", "량강도", "兩江道", "Ryanggang-do", "hyesan",
                  719269, Decimal("13880"), Decimal("14317"), "KP-YAN", "KP-10", "Q110171",
                  "2039332", ("41.09979", "128.16903")),
}  # fmt: skip

# The first year of each province as a first-level unit (no end: all still exist).
FIRST_YEAR = {
    "north-pyongan": 1945, "south-pyongan": 1945, "kangwon": 1945, "south-hamgyong": 1945,
    "north-hamgyong": 1945, "chagang": 1949, "north-hwanghae": 1954, "south-hwanghae": 1954,
    "ryanggang": 1954,
}  # fmt: skip
HWANGHAE_YEARS = (1945, 1954)


# every division with a status history: the six cities, the ten provinces, the three zones,
# and the second-level units of the four special cities (issue 21)
FIRST_LEVEL_WITH_HISTORY = (
    "chagang",
    "chongjin",
    "hamhung",
    "hwanghae",
    "kaesong",
    "kaesong-industrial-region",
    "kangwon",
    "mount-kumgang-tourist-region",
    "nampo",
    "north-hamgyong",
    "north-hwanghae",
    "north-pyongan",
    "pyongyang",
    "rason",
    "ryanggang",
    "sinuiju-special-administrative-region",
    "south-hamgyong",
    "south-hwanghae",
    "south-pyongan",
)
SPECIAL_CITY_UNITS = (
    # Pyongyang
    "chung-guyok", "hwasong-guyok", "pyongchon-guyok", "potonggang-guyok", "moranbong-guyok",
    "sosong-guyok", "songyo-guyok", "tongdaewon-guyok", "taedonggang-guyok", "sadong-guyok",
    "taesong-guyok", "mangyongdae-guyok", "hyongjesan-guyok", "ryongsong-guyok", "samsok-guyok",
    "ryokpo-guyok", "rangnang-guyok", "sunan-guyok", "unjong-guyok", "sungho",
    "kangdong-county", "kangnam-county", "chunghwa-county", "sangwon-county",
    # Rason
    "rajin-guyok", "sonbong",
    # Nampo
    "hanggu-guyok", "waudo-guyok", "taean-city", "kangso-guyok", "chollima-guyok",
    "taean-guyok", "ryonggang-county", "onchon-county",
    # Kaesong
    "kaepung", "panmun", "changpung",
)  # fmt: skip
# and the provinces' second-level units with a status history (kg/data/units-<province>.yaml)
WITH_HISTORY = ", ".join(
    sorted(
        FIRST_LEVEL_WITH_HISTORY
        + SPECIAL_CITY_UNITS
        + tuple(r.id for r in PROVINCE_UNITS if r.periods)
    )
)

# ISO 3166-2:KP's own romanization, as printed (ǒ with a caron; -bukto, not -pukto)
ISO_FORMS = {
    "south-pyongan": "P'yǒngan-namdo", "north-pyongan": "P'yǒngan-bukto",
    "north-hwanghae": "Hwanghae-bukto", "kangwon": "Kangwǒn-do",
    "south-hamgyong": "Hamgyǒng-namdo", "north-hamgyong": "Hamgyǒng-bukto",
}  # fmt: skip

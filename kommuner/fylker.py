"""Fylkesnummer → name. Current fylker (from 2024) first, then the numbers that were
valid 2020–2023 and before 2020, so historical kommunenummer validate too."""

from django.utils.translation import gettext_lazy as _

FYLKER_2024 = {
    "03": "Oslo",
    "11": "Rogaland",
    "15": "Møre og Romsdal",
    "18": "Nordland",
    "31": "Østfold",
    "32": "Akershus",
    "33": "Buskerud",
    "34": "Innlandet",
    "39": "Vestfold",
    "40": "Telemark",
    "42": "Agder",
    "46": "Vestland",
    "50": "Trøndelag",
    "55": "Troms",
    "56": "Finnmark",
}

HISTORISKE_FYLKER = {
    "01": "Østfold (før 2020)",
    "02": "Akershus (før 2020)",
    "04": "Hedmark",
    "05": "Oppland",
    "06": "Buskerud (før 2020)",
    "07": "Vestfold (før 2020)",
    "08": "Telemark (før 2020)",
    "09": "Aust-Agder",
    "10": "Vest-Agder",
    "12": "Hordaland",
    "14": "Sogn og Fjordane",
    "16": "Sør-Trøndelag",
    "17": "Nord-Trøndelag",
    "19": "Troms (før 2020)",
    "20": "Finnmark (før 2020)",
    "30": "Viken",
    "38": "Vestfold og Telemark",
    "54": "Troms og Finnmark",
}

ALLE_FYLKER = {**FYLKER_2024, **HISTORISKE_FYLKER}
FYLKE_CHOICES = sorted(ALLE_FYLKER.items())
FYLKE_LABEL = _("Fylke")

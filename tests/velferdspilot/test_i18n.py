"""The English and nynorsk translations are complete, not fuzzy, and compiled (the .mo
matches the .po); every text in the English catalogue is also in the nynorsk one, so a
text added for English alone fails here. Dates and numbers are Norwegian in both
Norwegian written forms."""

import ast
import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import formats, translation

LOCALE = Path(settings.BASE_DIR) / "locale"
OVERSATTE = ["en", "nn"]


def _entries(sprak: str):
    """(flags, msgid, msgstrs) for each entry of the .po, header excluded."""
    po = LOCALE / sprak / "LC_MESSAGES" / "django.po"
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        lines = [ln for ln in block.strip().splitlines() if not ln.startswith("#~")]
        flags = " ".join(ln for ln in lines if ln.startswith("#,"))
        fields: dict[str, str] = {}
        key = None
        for line in lines:
            match = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) (".*")$', line)
            if match:
                key = match.group(1)
                fields[key] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and key:
                fields[key] += ast.literal_eval(line)
        if fields.get("msgid"):
            yield flags, fields["msgid"], [v for k, v in fields.items() if k.startswith("msgstr")]


@pytest.mark.parametrize("sprak", OVERSATTE)
def test_every_text_has_a_translation(sprak):
    entries = list(_entries(sprak))
    assert len(entries) > 100
    untranslated = [msgid for _f, msgid, msgstrs in entries if not all(msgstrs)]
    fuzzy = [msgid for flags, msgid, _s in entries if "fuzzy" in flags]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("sprak", OVERSATTE)
def test_compiled_catalogue_matches_the_po_file(sprak):
    with translation.override(sprak):
        for _flags, msgid, msgstrs in _entries(sprak):
            if len(msgstrs) == 1:
                assert translation.gettext(msgid) == msgstrs[0], msgid


def test_every_english_text_is_also_in_nynorsk():
    engelsk = {msgid for _f, msgid, _s in _entries("en")}
    nynorsk = {msgid for _f, msgid, _s in _entries("nn")}
    assert sorted(engelsk - nynorsk) == []


def test_nynorsk_placeholders_match_the_bokmal_text():
    """A translation keeps every placeholder and tag of its msgid, or formatting fails."""
    plassholder = re.compile(r"%\([a-z_]+\)[sdr]|%%|\{[a-z_]*\}|<[^>]+>")
    feil = []
    for _flags, msgid, msgstrs in _entries("nn"):
        for msgstr in msgstrs:
            if sorted(plassholder.findall(msgid)) != sorted(plassholder.findall(msgstr)):
                feil.append(msgid)
    assert feil == []


def test_nynorsk_is_nynorsk_in_the_chrome():
    with translation.override("nn"):
        assert translation.gettext("Kommuner") == "Kommunar"
        assert translation.gettext("Varsler") == "Varsel"
        assert translation.gettext("Hopp til hovedinnholdet") == "Hopp til hovudinnhaldet"
        assert translation.gettext("Vedtak om tilskudd: %(t)s") == "Vedtak om tilskot: %(t)s"


def test_the_portal_offers_bokmal_nynorsk_and_english():
    assert [code for code, _navn in settings.LANGUAGES] == ["nb", "nn", "en"]


@pytest.mark.parametrize("sprak", ["nb", "nn"])
def test_dates_and_numbers_are_norwegian_in_both_written_forms(sprak):
    dag = datetime.date(2026, 12, 6)
    with translation.override(sprak):
        assert formats.date_format(dag) == "06.12.2026"
        assert formats.number_format(1790000.5, 1, use_l10n=True, force_grouping=True) == (
            "1\xa0790\xa0000,5"
        )
        assert Template('{{ d|date:"j. F Y" }}').render(Context({"d": dag})) == "6. desember 2026"


@pytest.mark.parametrize("sprak", OVERSATTE)
def test_every_entry_of_the_catalogue_stands_alone(sprak):
    """Two entries without an empty line between them (a merge can glue them) read as
    one to the checks above, which then miss the second: each block has one msgid."""
    po = LOCALE / sprak / "LC_MESSAGES" / "django.po"
    limt = [
        block.strip().splitlines()[0]
        for block in po.read_text(encoding="utf-8").split("\n\n")
        if sum(ln.startswith("msgid ") for ln in block.splitlines()) > 1
    ]
    assert limt == []

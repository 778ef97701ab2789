"""Dates in the exports: XLSX gets real date cells shown the Norwegian way
(dd.mm.yyyy, local Oslo time), so a spreadsheet sorts and filters them as dates; CSV
keeps ISO 8601 text (2026-01-15, 2026-01-15 09:30), which every program reads the same
way whatever its locale — a CSV cell has no type, and 15.01.2026 is read as text or as
15 January or as nonsense depending on the machine. Tested through the real exports."""

import csv
import io
from datetime import date, datetime

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from investering import services as investering_services
from investering.models import Regelhinder


def _mote(pilot, halden, leder):
    return investering_services.mote_log(
        pilot=pilot,
        kommune=halden,
        type="fremdriftsmote",
        start=timezone.make_aware(datetime(2026, 1, 15, 9, 30)),  # noqa: DTZ001 (Oslo)
        skrevet_av=leder,
        fase="definisjon",
    )


def _csv(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_meeting_export_xlsx_has_a_real_date_cell_in_norwegian_format(client, folk, pilot, halden):
    _mote(pilot, halden, folk["leder_halden"])
    client.force_login(folk["leder_halden"])
    response = client.get(reverse("investering:mote_export", args=["xlsx"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cell = sheet.cell(row=2, column=1)
    assert cell.is_date
    assert cell.value == datetime(2026, 1, 15, 9, 30)  # noqa: DTZ001 (Oslo time, not UTC)
    assert cell.number_format == "dd.mm.yyyy hh:mm"


def test_meeting_export_csv_keeps_iso_8601(client, folk, pilot, halden):
    _mote(pilot, halden, folk["leder_halden"])
    client.force_login(folk["leder_halden"])
    rows = _csv(client.get(reverse("investering:mote_export", args=["csv"])))
    assert rows[1][0] == "2026-01-15 09:30"


def test_rule_barrier_export_dates_xlsx_and_csv(client, folk, pilot, halden):
    hinder = investering_services.regelhinder_create(
        pilot=pilot, kommune=halden, tittel="Taushetsplikt", beskrivelse="Deling av data."
    )
    registrert = timezone.make_aware(datetime(2026, 3, 2, 14, 5))  # noqa: DTZ001
    Regelhinder.objects.filter(pk=hinder.pk).update(opprettet=registrert)
    client.force_login(folk["admin"])
    response = client.get(reverse("investering:regelhinder_export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cell = sheet.cell(row=2, column=1)
    assert cell.is_date and cell.value.date() == date(2026, 3, 2)
    assert cell.number_format.startswith("dd.mm.yyyy")
    rows = _csv(client.get(reverse("investering:regelhinder_export", args=["csv"])))
    assert rows[1][0].startswith("2026-03-02")


def test_tiltak_shows_its_start_date_zero_padded(client, folk, halden):
    """Every numeric date on screen is dd.mm.yyyy (SHORT_DATE_FORMAT), never 15.1.2026."""
    from kommuner.kunnskap.services import tiltak_upsert

    tiltak = tiltak_upsert(kommune=halden, navn="Familiekoordinator", startdato=date(2026, 1, 5))
    client.force_login(folk["kontakt_halden"])
    response = client.get(reverse("kommuner:tiltak_detail", args=[halden.kommunenummer, tiltak.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "05.01.2026" in html
    assert "5.1.2026" not in html.replace("05.01.2026", "")


def test_no_template_formats_numeric_dates_without_zero_padding():
    from pathlib import Path

    from django.conf import settings

    unpadded = [
        str(path.relative_to(settings.BASE_DIR))
        for path in (Path(settings.BASE_DIR) / "templates").rglob("*.html")
        if 'date:"j.n' in path.read_text(encoding="utf-8")
    ]
    assert unpadded == []

"""Exports, the PDF and the calendar feed."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from felles.tabellfil import safe_text
from investering import ical, services

from .conftest import at


def url(name, *args):
    return reverse(f"investering:{name}", args=args)


@pytest.mark.parametrize("value", ['=HYPERLINK("x")', "+1", "-2+3", "@SUM(A1)", "\tx"])
def test_formula_looking_cells_are_neutralised(value):
    assert safe_text(value) == "'" + value


def test_meeting_export_csv_has_decisions_and_neutralised_formula(client, folk, mote_halden):
    services.mote_update(mote=mote_halden, versjon=1, referat="=cmd|' /C calc'!A0")
    client.force_login(folk["styre"])
    response = client.get(url("mote_export", "csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Dato"
    assert rows[1][1] == "Halden"
    assert "Barnefattigdom er hovedtema." in rows[1][12]
    assert rows[1][11] == "'=cmd|' /C calc'!A0"
    assert "Lag oversikt over prosjekter" in rows[1][13]


def test_regelhinder_export_xlsx_neutralises_formulas(client, folk, pilot, halden):
    services.regelhinder_create(
        pilot=pilot, kommune=halden, tittel="=1+1", beskrivelse="@evil", regel="Forskrift X"
    )
    client.force_login(folk["admin"])
    response = client.get(url("regelhinder_export", "xlsx"))
    sheet = load_workbook(io.BytesIO(response.getvalue()), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][3] == "Tittel"
    assert rows[1][3] == "'=1+1"
    assert rows[1][4] == "'@evil"
    assert rows[1][8] == "Identifisert"


def test_meeting_export_xlsx_opens(client, folk, mote_halden, mote_sarpsborg):
    client.force_login(folk["admin"])
    response = client.get(url("mote_export", "xlsx"), {"kommune": mote_halden.kommune_id})
    rows = list(load_workbook(io.BytesIO(response.getvalue()), read_only=True).active.values)
    assert len(rows) == 2 and rows[1][1] == "Halden"


def test_meeting_pdf_contains_minutes(client, folk, mote_halden):
    client.force_login(folk["kontakt_halden"])
    response = client.get(url("mote_pdf", mote_halden.pk))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Forankringsmøte" in text
    assert "paraply" in text
    assert "Barnefattigdom er hovedtema." in text
    assert "Rådmannen" in text


def test_ical_escapes_and_folds():
    assert ical.escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "SUMMARY:" + "æ" * 80
    folded = ical.fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line


def test_calendar_feed_lists_upcoming_meetings_behind_token(client, folk, pilot, halden):
    kommende = services.mote_log(
        pilot=pilot,
        kommune=halden,
        type="fremdriftsmote",
        status="planlagt",
        start=timezone.now() + timedelta(days=3),
        skrevet_av=None,
        sted="Halden rådhus, møterom 2",
        agenda="Punkt 1; punkt 2",
    )
    services.mote_log(
        pilot=pilot,
        kommune=halden,
        type="fremdriftsmote",
        start=at(1, 1, 2019),
        skrevet_av=None,
    )
    token = services.kalendertoken_get_or_create(bruker=folk["leder_halden"]).token
    response = client.get(url("kalender_feed", token))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert body.count("BEGIN:VEVENT") == 1  # the old one is not upcoming
    assert f"UID:mote-{kommende.pk}@velferdspilot" in body
    assert "LOCATION:Halden rådhus\\, møterom 2" in body
    assert "DESCRIPTION:Punkt 1\\; punkt 2" in body
    # regenerating revokes the old address
    client.force_login(folk["leder_halden"])
    client.post(url("kalender_ny_lenke"))
    assert client.get(url("kalender_feed", token)).status_code == 404


def test_calendar_feed_of_contact_person_leaves_out_other_kommune(client, folk, pilot, sarpsborg):
    services.mote_log(
        pilot=pilot,
        kommune=sarpsborg,
        type="fremdriftsmote",
        status="planlagt",
        start=timezone.now() + timedelta(days=3),
        skrevet_av=None,
        deltakere=[services.Deltaker(bruker=folk["kontakt_halden"])],
    )
    token = services.kalendertoken_get_or_create(bruker=folk["kontakt_halden"]).token
    assert "BEGIN:VEVENT" not in client.get(url("kalender_feed", token)).content.decode()


def test_unknown_calendar_token_is_404(client, db):
    assert client.get(url("kalender_feed", "ikke-gyldig")).status_code == 404


def test_xlsx_export_survives_control_characters(client, folk, pilot, halden):
    services.regelhinder_create(
        pilot=pilot, kommune=halden, tittel="Limt inn\x0bfra Word", beskrivelse="a\x01b"
    )
    client.force_login(folk["admin"])
    response = client.get(url("regelhinder_export", "xlsx"))
    rows = list(load_workbook(io.BytesIO(response.getvalue()), read_only=True).active.values)
    assert rows[1][3] == "Limt innfra Word"

"""Reports from a pilot after a year and a half of work (tests/realistisk.py): approved
figures with decimals, baselines, every goal assessed, meetings, grants and payments.
The status report, the one-kommune PDF and the knowledge package all render from it."""

import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from evaluering import selectors, services
from evaluering.models import Statusrapport


def pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def rapport(pilot_etter_ett_aar, django_capture_on_commit_callbacks):
    data = pilot_etter_ett_aar
    with django_capture_on_commit_callbacks(execute=True):
        rapport = services.statusrapport_bestill(periode=data.periode, bestilt_av=data.admin)
    rapport.refresh_from_db()
    return rapport


def test_report_with_approved_figures_and_baselines_is_made(rapport):
    assert rapport.feilmelding == ""
    assert rapport.status == Statusrapport.Status.UTKAST
    text = pdf_text(rapport.pdf.read())
    for navn in ("Halden", "Sarpsborg", "Fredrikstad", "Moss"):
        assert navn in text
    assert "Barn i lavinntektsfamilier" in text


def test_report_snapshot_is_plain_json_with_exact_numbers(rapport):
    # What is stored survives a JSON round trip unchanged: no Decimal, no date objects.
    assert json.loads(json.dumps(rapport.grunnlag)) == rapport.grunnlag
    halden = next(k for k in rapport.grunnlag["kommuner"] if k["navn"] == "Halden")
    # Halden's latest approved value (2025-H2) is 12.40 - 5 * 0.35 = 10.65; baseline 12.40.
    indikator = halden["indikatorer"]
    assert all(isinstance(indikator[k], str) for k in ("verdi", "nullpunkt", "endring"))
    assert Decimal(indikator["verdi"]) == Decimal("10.65")
    assert Decimal(indikator["nullpunkt"]) == Decimal("12.40")
    assert Decimal(indikator["endring"]) == Decimal("-1.75")
    assert indikator["periode"] == "2025-H2"
    assert halden["moter"]["moter_holdt"] == 1
    # Paid 1 October 2025, half of the 600 000 granted.
    assert halden["tilskudd"]["utbetalt"] == 300_000


def test_report_snapshot_reads_back_as_numbers_for_display(rapport):
    rader = selectors.rapport_grunnlag(rapport)
    halden = next(r for r in rader if r["navn"] == "Halden")
    assert halden["indikatorer"]["verdi"] == Decimal("10.65")
    assert halden["indikatorer"]["endring"] == Decimal("-1.75")
    sarpsborg = next(r for r in rader if r["navn"] == "Sarpsborg")
    # Sarpsborg's 2025-H2 figure is not approved yet: the latest approved is 2025-H1.
    assert sarpsborg["indikatorer"]["periode"] == "2025-H1"


def test_report_page_shows_the_data_the_pdf_was_made_from(client, rapport, admin_bruker):
    client.force_login(admin_bruker)
    response = client.get(reverse("evaluering:rapport_grunnlag", args=[rapport.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "10,65" in html and "12,4" in html and "300\xa0000" in html


def test_one_kommune_pdf_from_a_year_of_work(client, pilot_etter_ett_aar, leder_halden):
    data = pilot_etter_ett_aar
    client.force_login(leder_halden)
    url = reverse("evaluering:kommune_pdf", args=[data.pilot.slug, data.periode.kode, "3101"])
    response = client.get(url)
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Halden" in text and "Barn i lavinntektsfamilier" in text


def test_knowledge_package_pdf_from_a_year_of_work(client, pilot_etter_ett_aar, kontakt_halden):
    client.force_login(kontakt_halden)
    response = client.get(reverse("kommuner:kunnskapspakke_pdf", args=["3101"]))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Halden" in text and "Barn i lavinntektsfamilier" in text

import io
import re
from decimal import Decimal

from pypdf import PdfReader

from kommuner.kunnskap import demo_data as demo_data_kunnskap
from kommuner.kunnskap import services as svc
from kommuner.kunnskap.models import Indikatorverdi, SsbKilde, SsbKjoring, Tiltak, Virkemiddel
from tests.factories import EtatFactory, KommuneFactory


def test_kunnskapspakke_pdf_shows_values_chart_and_challenge(
    client, folk, halden, indikator, sendt_halden
):
    svc.indikatorverdi_approve(verdi=sendt_halden, bruker=folk["leder_halden"])
    svc.nullpunkt_upsert(kommune=halden, indikator=indikator, periode="2019", verdi=Decimal("15"))
    svc.utfordringsbilde_upsert(
        kommune=halden,
        tekst="<p>Barnefattigdom er paraplyen.</p>",
        malgrupper="Barn",
        tema="barnefattigdom",
        bruker=folk["kontakt_halden"],
    )
    etat = EtatFactory(kortnavn="NAV Test")
    svc.virkemiddel_upsert(etat=etat, navn="HOLF", type="program", tema="barnefattigdom")
    svc.tiltak_upsert(kommune=halden, navn="Samordningskoordinator", status="i_gang")
    client.force_login(folk["kontakt_halden"])
    response = client.get("/kommuner/3101/kunnskapspakke.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Kunnskapspakke for Halden" in text
    assert "14,2" in text and "Nullpunkt" in text
    assert "Barnefattigdom er paraplyen" in text
    assert "HOLF" in text and "Samordningskoordinator" in text
    assert "2024" in text  # the chart's and table's period labels
    page = client.get("/kommuner/3101/kunnskapspakke/").content.decode()
    assert "<svg" in page and "<polyline" in page and "<circle" in page
    # SVG coordinates are never localised (a decimal comma would break the chart).
    assert re.search(r'cx="\d+(\.\d+)?"', page) and not re.search(r'\s(cx|cy|x|y)="\d+,\d', page)


def test_pdf_of_other_kommune_is_404_for_contact_person(client, folk):
    client.force_login(folk["kontakt_sarpsborg"])
    assert client.get("/kommuner/3101/kunnskapspakke.pdf").status_code == 404


def test_demo_seed_is_idempotent_and_invents_no_values(db):
    for nr, navn in [("3101", "Halden"), ("3420", "Elverum"), ("3427", "Tynset")]:
        KommuneFactory(kommunenummer=nr, navn=navn)
    for nr, navn in [("3443", "Vestre Toten"), ("3448", "Nordre Land")]:
        KommuneFactory(kommunenummer=nr, navn=navn)
    for kortnavn, *_rest in demo_data_kunnskap.VIRKEMIDLER:
        EtatFactory(kortnavn=kortnavn)
    out = io.StringIO()
    demo_data_kunnskap.seed(out)
    demo_data_kunnskap.seed(out)
    assert not Indikatorverdi.objects.exists()
    assert Tiltak.objects.filter(kommune__kommunenummer="3427").count() == 7
    assert Tiltak.objects.filter(kommune__kommunenummer="3420").count() == 7
    sommer = Tiltak.objects.get(navn="Sommeraktiviteter")
    assert "9 aktiviteter, 467 aktivitetsdeltakere" in sommer.resultater
    assert sommer.history.count() == 1
    assert (
        Tiltak.objects.get(
            kommune__kommunenummer="3443", navn="Aktivitetskontakter"
        ).stillingsprosent
        == 200
    )
    assert Virkemiddel.objects.filter(navn__contains="HOLF").exists()
    # The SSB source of the persistent low-income indicator is set up (table 12944,
    # children 0-17, EU-60 share), once, with no figures: those come from a fetch.
    kilde = SsbKilde.objects.get()
    assert kilde.indikator.navn.startswith("Andel barn (0–17 år)")
    assert (kilde.tabell, kilde.innhold, kilde.faste_verdier, kilde.periodetype) == (
        "12944",
        "EUskalaSeksti",
        {"Alder": "00-17"},
        "aar",
    )
    assert kilde.history.count() == 1
    assert not SsbKjoring.objects.exists()


def test_knowledge_package_chart_is_named_in_english_for_english_users(
    client, folk, halden, indikator, sendt_halden, settings
):
    svc.indikatorverdi_approve(verdi=sendt_halden, bruker=folk["leder_halden"])
    client.force_login(folk["kontakt_halden"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/kommuner/3101/kunnskapspakke/").content.decode()
    assert f'aria-label="Trend for {indikator.navn}; the figures are in the table"' in page
    assert "<title>Trend for" in page and "Utvikling for" not in page

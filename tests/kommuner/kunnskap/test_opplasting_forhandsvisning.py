"""Issue 25: an upload is shown before it is saved (new, changed, unchanged, flagged),
saved only on confirmation, checked again then, and refused if a value changed since."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kommuner.kunnskap import services as svc
from kommuner.kunnskap.models import Indikatorverdi

Status = Indikatorverdi.Status
URL = "/kommuner/3101/kunnskapsgrunnlag/last-opp/"
BEKREFT = URL + "bekreft/"


def _fil(*rader):
    tekst = "kommunenummer;indikator;periode;verdi;kommentar\n" + "".join(
        f"3101;{ind.navn};{periode};{verdi};\n" for ind, periode, verdi in rader
    )
    return SimpleUploadedFile("v.csv", tekst.encode())


@pytest.fixture
def lagret(folk, halden, indikator, indikator2):
    """Halden's 2023 values (10 and 20, submitted) before the file comes."""
    bruker = folk["kontakt_halden"]
    for ind, verdi in ((indikator, 10), (indikator2, 20)):
        svc.indikatorverdi_upsert(
            kommune=halden,
            indikator=ind,
            periode="2023",
            verdi=Decimal(verdi),
            bruker=bruker,
            send_inn=True,
        )


def test_preview_shows_new_changed_unchanged_and_flagged_and_saves_nothing(
    client, folk, lagret, indikator, indikator2
):
    client.force_login(folk["kontakt_halden"])
    fil = _fil((indikator, "2023", "10"), (indikator2, "2023", "21"), (indikator, "2024", "30"))
    response = client.post(URL, {"fil": fil})
    assert response.status_code == 200
    ctx = response.context
    assert (ctx["nye"], ctx["endrede"], ctx["uendrede"], ctx["flaggede"]) == (1, 1, 1, 1)
    side = response.content.decode()
    assert "Ingenting er lagret ennå" in side
    assert "Endret 200 % fra forrige periode (10 til 30)" in side
    # Nothing saved: the stored values are as they were, the new one is not there.
    assert sorted(Indikatorverdi.objects.values_list("periode", "verdi")) == [
        ("2023", Decimal(10)),
        ("2023", Decimal(20)),
    ]
    response = client.post(BEKREFT, {"token": ctx["token"]}, follow=True)
    assert "3 verdier er lest inn og sendt inn." in [str(m) for m in response.context["messages"]]
    assert Indikatorverdi.objects.get(indikator=indikator2).verdi == 21
    ny = Indikatorverdi.objects.get(periode="2024")
    assert (ny.verdi, ny.status, [a["kode"] for a in ny.advarsler]) == (30, "sendt_inn", ["hopp"])


def test_a_value_changed_after_the_preview_refuses_the_whole_file(
    client, folk, halden, lagret, indikator, indikator2
):
    client.force_login(folk["kontakt_halden"])
    response = client.post(
        URL, {"fil": _fil((indikator2, "2023", "21"), (indikator, "2024", "11"))}
    )
    token = response.context["token"]
    # Meanwhile the investment leader returns the 2023 value.
    verdi = Indikatorverdi.objects.get(indikator=indikator2)
    svc.indikatorverdi_return(verdi=verdi, bruker=folk["leder_halden"], kommentar="Sjekk")
    response = client.post(BEKREFT, {"token": token})
    assert response.status_code == 409
    side = response.content.decode()
    assert "Linje 2: verdien for" in side and "er endret etter forhåndsvisningen" in side
    assert "Ingenting er lagret" in side
    assert not Indikatorverdi.objects.filter(periode="2024").exists()
    assert Indikatorverdi.objects.get(indikator=indikator2).verdi == 20


def test_a_value_saved_by_someone_else_where_there_was_none_refuses_the_file(
    client, folk, halden, indikator
):
    client.force_login(folk["kontakt_halden"])
    token = client.post(URL, {"fil": _fil((indikator, "2024", "11"))}).context["token"]
    svc.indikatorverdi_upsert(
        kommune=halden,
        indikator=indikator,
        periode="2024",
        verdi=Decimal(12),
        bruker=folk["leder_halden"],
        send_inn=False,
    )
    response = client.post(BEKREFT, {"token": token})
    assert response.status_code == 409
    assert Indikatorverdi.objects.get(periode="2024").verdi == 12


def test_a_preview_is_used_once_and_an_older_one_is_replaced(client, folk, halden, indikator):
    client.force_login(folk["kontakt_halden"])
    gammel = client.post(URL, {"fil": _fil((indikator, "2024", "11"))}).context["token"]
    ny = client.post(URL, {"fil": _fil((indikator, "2024", "12"))}).context["token"]
    response = client.post(BEKREFT, {"token": gammel}, follow=True)
    assert any("ikke lenger gyldig" in str(m) for m in response.context["messages"])
    assert not Indikatorverdi.objects.exists()
    # The older token also threw the newer preview away: upload again.
    assert client.post(BEKREFT, {"token": ny}).status_code == 302
    assert not Indikatorverdi.objects.exists()
    token = client.post(URL, {"fil": _fil((indikator, "2024", "12"))}).context["token"]
    assert client.post(BEKREFT, {"token": token}).status_code == 302
    assert Indikatorverdi.objects.get().verdi == 12
    response = client.post(BEKREFT, {"token": token}, follow=True)
    assert any("ikke lenger gyldig" in str(m) for m in response.context["messages"])


def test_limits_are_checked_again_at_confirmation(client, folk, halden, indikator):
    client.force_login(folk["kontakt_halden"])
    token = client.post(URL, {"fil": _fil((indikator, "2024", "60"))}).context["token"]
    svc.indikator_update(indikator=indikator, maks_verdi=Decimal(50))
    response = client.post(BEKREFT, {"token": token})
    assert response.status_code == 409
    assert "Linje 2: Verdien 60 er utenfor tillatt område 0–50." in response.content.decode()
    assert not Indikatorverdi.objects.exists()


def test_only_the_kommunes_editors_preview_and_confirm(client, folk, halden, indikator):
    for navn in ("kontakt_sarpsborg", "styre", "forsker", "team"):
        client.force_login(folk[navn])
        assert client.post(URL, {"fil": _fil((indikator, "2024", "11"))}).status_code in (
            403,
            404,
        ), navn
        assert client.post(BEKREFT, {"token": "x"}).status_code in (403, 404), navn
    client.force_login(folk["leder_halden"])
    token = client.post(URL, {"fil": _fil((indikator, "2024", "11"))}).context["token"]
    # Another user's session does not hold the preview.
    client.force_login(folk["kontakt_halden"])
    client.post(BEKREFT, {"token": token})
    assert not Indikatorverdi.objects.exists()

"""Approvals and edits act only on what the person saw.

Each indicator value carries a version that every change of value or status bumps.
The approver's page posts the versions it showed; the contact person's form posts the
versions it was opened with. A value changed in between is refused with a message
that names it; nothing is approved, overwritten or dropped without a word."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from kommuner.kunnskap import services as svc
from kommuner.kunnskap.models import Indikator, Indikatorverdi, Tema

Status = Indikatorverdi.Status
SKJEMA = "/kommuner/3101/kunnskapsgrunnlag/registrer/?periode=2024"


def send_inn(folk, halden, indikator, verdi, periode="2024"):
    return svc.indikatorverdi_upsert(
        kommune=halden,
        indikator=indikator,
        periode=periode,
        verdi=Decimal(verdi),
        bruker=folk["kontakt_halden"],
        send_inn=True,
    )


def meldinger(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def indikator3(db):
    return svc.indikator_upsert(
        navn="Andel elever som fullfører videregående (%)",
        enhet=Indikator.Enhet.PROSENT,
        retning=Indikator.Retning.HOYERE,
        tema=Tema.UTDANNING,
        rekkefolge=3,
    )


# ------------------------------------------------------------------ versions


def test_every_change_of_value_or_status_gives_a_new_version(folk, halden, indikator):
    verdi = svc.indikatorverdi_upsert(
        kommune=halden,
        indikator=indikator,
        periode="2024",
        verdi=Decimal("10"),
        bruker=folk["kontakt_halden"],
        send_inn=False,
    )
    assert verdi.versjon == 1
    verdi = send_inn(folk, halden, indikator, "10")
    assert verdi.versjon == 2
    assert send_inn(folk, halden, indikator, "10").versjon == 2  # unchanged: same version
    svc.indikatorverdi_approve(verdi=verdi, bruker=folk["leder_halden"])
    verdi.refresh_from_db()
    assert verdi.versjon == 3


# ------------------------------------------------------------------ one value


def test_approval_of_a_value_resubmitted_after_the_page_was_shown_is_refused(
    folk, halden, indikator
):
    sett = send_inn(folk, halden, indikator, "10")  # what the leader's page shows
    send_inn(folk, halden, indikator, "99")  # the contact person resubmits meanwhile
    with pytest.raises(ValidationError) as exc:
        svc.indikatorverdi_approve(verdi=sett, bruker=folk["leder_halden"])
    assert "ble endret etter at du åpnet siden" in exc.value.messages[0]
    rad = Indikatorverdi.objects.get()
    assert rad.status == Status.SENDT_INN and rad.verdi == Decimal("99")


def test_leader_approving_a_figure_that_changed_gets_a_message_and_nothing_is_approved(
    client, folk, halden, indikator
):
    sett = send_inn(folk, halden, indikator, "10")
    client.force_login(folk["leder_halden"])
    assert (
        f'name="versjon" value="{sett.versjon}"'
        in client.get("/kommuner/3101/kunnskapsgrunnlag/").content.decode()
    )
    send_inn(folk, halden, indikator, "99")
    url = f"/kommuner/3101/kunnskapsgrunnlag/verdier/{sett.pk}/behandle/"
    response = client.post(url, {"handling": "godkjenn", "versjon": sett.versjon})
    assert response.status_code == 302
    [melding] = meldinger(response)
    assert "Halden" in melding and indikator.navn in melding and "2024" in melding
    assert "ble endret etter at du åpnet siden; se over og godkjenn på nytt" in melding
    rad = Indikatorverdi.objects.get()
    assert rad.status == Status.SENDT_INN and rad.verdi == Decimal("99")

    # With htmx the row comes back showing the new figure and the message.
    response = client.post(
        url, {"handling": "godkjenn", "versjon": sett.versjon}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200 and "99" in html and "ble endret" in html
    assert f'name="versjon" value="{rad.versjon}"' in html
    assert Indikatorverdi.objects.get().status == Status.SENDT_INN


def test_approval_without_a_version_is_refused_as_an_outdated_page(client, folk, halden, indikator):
    verdi = send_inn(folk, halden, indikator, "10")
    client.force_login(folk["leder_halden"])
    url = f"/kommuner/3101/kunnskapsgrunnlag/verdier/{verdi.pk}/behandle/"
    response = client.post(url, {"handling": "godkjenn"})
    assert response.status_code == 302
    assert any("utdatert" in m for m in meldinger(response))
    assert Indikatorverdi.objects.get().status == Status.SENDT_INN


# ------------------------------------------------------------------ approve all


def test_approve_all_approves_what_the_page_showed_and_reports_the_rest(
    folk, halden, indikator, indikator2, indikator3
):
    a = send_inn(folk, halden, indikator, "10")
    b = send_inn(folk, halden, indikator2, "20")
    versjoner = {a.pk: a.versjon, b.pk: b.versjon}  # the page
    send_inn(folk, halden, indikator2, "99")  # changed after the page was shown
    c = send_inn(folk, halden, indikator3, "30")  # submitted after the page was shown

    resultat = svc.indikatorverdier_godkjenn_alle(
        kommune=halden, periode="2024", versjoner=versjoner, bruker=folk["leder_halden"]
    )

    assert [v.pk for v in resultat.godkjent] == [a.pk]
    [(endret, grunn)] = resultat.ikke_godkjent
    assert endret.pk == b.pk and indikator2.navn in grunn and "Halden" in grunn
    assert resultat.ikke_vist == 1
    statuser = dict(Indikatorverdi.objects.values_list("pk", "status"))
    assert statuser == {a.pk: Status.GODKJENT, b.pk: Status.SENDT_INN, c.pk: Status.SENDT_INN}
    assert Indikatorverdi.objects.get(pk=b.pk).verdi == Decimal("99")


def test_approve_all_page_posts_what_it_showed_and_leader_is_told_what_changed(
    client, folk, halden, indikator, indikator2
):
    a = send_inn(folk, halden, indikator, "10")
    b = send_inn(folk, halden, indikator2, "20")
    client.force_login(folk["leder_halden"])
    page = client.get("/kommuner/3101/kunnskapsgrunnlag/").content.decode()
    assert f'name="verdi" value="{a.pk}:{a.versjon}"' in page
    assert f'name="verdi" value="{b.pk}:{b.versjon}"' in page
    send_inn(folk, halden, indikator2, "99")

    response = client.post(
        "/kommuner/3101/kunnskapsgrunnlag/godkjenn/",
        {"periode": "2024", "verdi": [f"{a.pk}:{a.versjon}", f"{b.pk}:{b.versjon}"]},
    )

    assert response.status_code == 302
    tekst = meldinger(response)
    assert "1 verdi er godkjent." in tekst
    assert any(
        indikator2.navn in m and "Halden" in m and "2024" in m and "godkjenn på nytt" in m
        for m in tekst
    )
    assert Indikatorverdi.objects.get(pk=a.pk).status == Status.GODKJENT
    b.refresh_from_db()
    assert b.status == Status.SENDT_INN and b.verdi == Decimal("99")


def test_approve_all_after_approving_one_row_in_place_does_not_call_it_changed(
    client, folk, halden, indikator, indikator2
):
    a = send_inn(folk, halden, indikator, "10")
    b = send_inn(folk, halden, indikator2, "20")
    side = [f"{a.pk}:{a.versjon}", f"{b.pk}:{b.versjon}"]  # the page, before the htmx swap
    client.force_login(folk["leder_halden"])
    client.post(
        f"/kommuner/3101/kunnskapsgrunnlag/verdier/{a.pk}/behandle/",
        {"handling": "godkjenn", "versjon": a.versjon},
        HTTP_HX_REQUEST="true",
    )
    response = client.post(
        "/kommuner/3101/kunnskapsgrunnlag/godkjenn/", {"periode": "2024", "verdi": side}
    )
    assert meldinger(response) == ["1 verdi er godkjent."]
    assert set(Indikatorverdi.objects.values_list("status", flat=True)) == {Status.GODKJENT}


def test_approve_all_without_the_list_of_values_approves_nothing(client, folk, halden, indikator):
    send_inn(folk, halden, indikator, "10")
    client.force_login(folk["leder_halden"])
    response = client.post("/kommuner/3101/kunnskapsgrunnlag/godkjenn/", {"periode": "2024"})
    assert response.status_code == 302
    assert any("utdatert" in m for m in meldinger(response))
    assert Indikatorverdi.objects.get().status == Status.SENDT_INN


def test_approve_all_ignores_ids_of_another_kommune(
    client, folk, halden, indikator, sendt_sarpsborg
):
    send_inn(folk, halden, indikator, "10")
    client.force_login(folk["leder_halden"])
    client.post(
        "/kommuner/3101/kunnskapsgrunnlag/godkjenn/",
        {"periode": "2024", "verdi": [f"{sendt_sarpsborg.pk}:{sendt_sarpsborg.versjon}"]},
    )
    sendt_sarpsborg.refresh_from_db()
    assert sendt_sarpsborg.status == Status.SENDT_INN


# ------------------------------------------------------------------ the contact person


def test_change_to_an_approved_value_is_refused_with_when_and_by_whom(folk, halden, indikator):
    verdi = send_inn(folk, halden, indikator, "14.2")
    svc.indikatorverdi_approve(verdi=verdi, bruker=folk["leder_halden"])
    with pytest.raises(ValidationError) as exc:
        send_inn(folk, halden, indikator, "99")
    melding = exc.value.messages[0]
    assert "ble godkjent" in melding and "av Leder Halden" in melding
    assert "åpne den for retting" in melding
    assert Indikatorverdi.objects.get().verdi == Decimal("14.2")


def test_late_post_of_a_form_after_approval_says_it_was_not_saved(
    client, folk, halden, indikator, indikator2
):
    verdi = send_inn(folk, halden, indikator, "14.2")
    client.force_login(folk["kontakt_halden"])
    page = client.get(SKJEMA).content.decode()
    apnet = verdi.versjon
    assert f'name="versjon_{indikator.pk}" value="{apnet}"' in page
    svc.indikatorverdi_approve(verdi=verdi, bruker=folk["leder_halden"])  # meanwhile

    response = client.post(
        SKJEMA,
        {
            f"verdi_{indikator.pk}": "99",
            f"versjon_{indikator.pk}": str(apnet),
            f"verdi_{indikator2.pk}": "5",
            f"versjon_{indikator2.pk}": "0",
            "send_inn": "1",
        },
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert "ble godkjent" in html and "Leder Halden" in html and "Ingenting er lagret" in html
    assert "er sendt inn" not in html
    assert not any("sendt inn" in m for m in meldinger(response))
    assert Indikatorverdi.objects.count() == 1  # the other row was not saved either
    rad = Indikatorverdi.objects.get()
    assert rad.verdi == Decimal("14.2") and rad.status == Status.GODKJENT
    # The form now shows the approved value locked, and a new post saves the rest.
    assert "Godkjent – låst" in html
    godkjent = Indikatorverdi.objects.get().versjon
    response = client.post(
        SKJEMA,
        {
            f"versjon_{indikator.pk}": str(godkjent),
            f"verdi_{indikator2.pk}": "5",
            f"versjon_{indikator2.pk}": "0",
            "send_inn": "1",
        },
    )
    assert response.status_code == 302
    assert Indikatorverdi.objects.get(indikator=indikator2).verdi == Decimal("5")


def test_stale_form_is_refused_and_keeps_what_the_leader_returned(folk, halden, indikator):
    verdi = send_inn(folk, halden, indikator, "14.2")
    apnet = verdi.versjon  # the contact person opens the form
    svc.indikatorverdi_return(
        verdi=verdi, bruker=folk["leder_halden"], kommentar="Tallet gjelder 2023"
    )
    with pytest.raises(ValidationError) as exc:
        svc.periode_upsert(
            kommune=halden,
            periode="2024",
            verdier={indikator: (Decimal("15"), "")},
            versjoner={indikator: apnet},
            bruker=folk["kontakt_halden"],
            send_inn=True,
        )
    assert "ble endret" in exc.value.messages[0]
    rad = Indikatorverdi.objects.get()
    assert rad.status == Status.RETURNERT and rad.verdi == Decimal("14.2")


def test_stale_form_post_gets_a_message_and_changes_nothing(client, folk, halden, indikator):
    client.force_login(folk["kontakt_halden"])
    page = client.get(SKJEMA).content.decode()
    assert f'name="versjon_{indikator.pk}" value="0"' in page
    # Meanwhile another contact person saves a draft for the same indicator.
    svc.indikatorverdi_upsert(
        kommune=halden,
        indikator=indikator,
        periode="2024",
        verdi=Decimal("12"),
        bruker=folk["leder_halden"],
        send_inn=False,
    )
    response = client.post(
        SKJEMA, {f"verdi_{indikator.pk}": "15", f"versjon_{indikator.pk}": "0", "send_inn": "1"}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "ble endret" in html and "12" in html and "Ingenting er lagret" in html
    rad = Indikatorverdi.objects.get()
    assert rad.verdi == Decimal("12") and rad.status == Status.UTKAST
    # What the user typed is still in the form, now on the current version.
    assert 'value="15"' in html
    assert f'name="versjon_{indikator.pk}" value="{rad.versjon}"' in html


def test_unchanged_row_of_a_form_opened_before_approval_is_not_an_error(
    folk, halden, indikator, indikator2
):
    verdi = send_inn(folk, halden, indikator, "14.2")
    apnet = verdi.versjon
    svc.indikatorverdi_approve(verdi=verdi, bruker=folk["leder_halden"])
    svc.periode_upsert(
        kommune=halden,
        periode="2024",
        verdier={indikator: (Decimal("14.2"), ""), indikator2: (Decimal("5"), "")},
        versjoner={indikator: apnet, indikator2: 0},
        bruker=folk["kontakt_halden"],
        send_inn=True,
    )
    assert Indikatorverdi.objects.get(indikator=indikator).status == Status.GODKJENT
    assert Indikatorverdi.objects.get(indikator=indikator2).status == Status.SENDT_INN


# ------------------------------------------------------------------ upload


def test_upload_row_that_would_change_an_approved_value_is_a_row_error(
    folk, halden, indikator, indikator2
):
    verdi = send_inn(folk, halden, indikator, "14.2")
    svc.indikatorverdi_approve(verdi=verdi, bruker=folk["leder_halden"])
    fil = SimpleUploadedFile(
        "v.csv",
        (
            "kommunenummer;indikator;periode;verdi;kommentar\n"
            f"3101;{indikator.navn};2024;99;\n"
            f"3101;{indikator2.navn};2024;5;\n"
        ).encode(),
    )
    with pytest.raises(svc.Opplastingsfeil) as exc:
        svc.indikatorverdier_last_opp(kommune=halden, fil=fil, bruker=folk["kontakt_halden"])
    [melding] = [str(f) for f in exc.value.feil]
    assert melding.startswith("Linje 2:") and "allerede godkjent (14,2)" in melding
    assert "åpne verdien for retting" in melding
    assert Indikatorverdi.objects.count() == 1  # all or nothing
    assert Indikatorverdi.objects.get().verdi == Decimal("14.2")


def test_upload_repeating_an_approved_value_exactly_is_not_an_error_and_is_reported(
    client, folk, halden, indikator, indikator2
):
    verdi = send_inn(folk, halden, indikator, "14.2")
    svc.indikatorverdi_approve(verdi=verdi, bruker=folk["leder_halden"])
    godkjent_versjon = verdi.versjon
    fil = SimpleUploadedFile(
        "v.csv",
        (
            "kommunenummer;indikator;periode;verdi;kommentar\n"
            f"3101;{indikator.navn};2024;14,2;\n"
            f"3101;{indikator2.navn};2024;5;\n"
        ).encode(),
    )
    client.force_login(folk["kontakt_halden"])
    response = client.post("/kommuner/3101/kunnskapsgrunnlag/last-opp/", {"fil": fil})
    assert response.status_code == 200  # the preview
    response = client.post(
        "/kommuner/3101/kunnskapsgrunnlag/last-opp/bekreft/", {"token": response.context["token"]}
    )
    assert response.status_code == 302
    tekst = meldinger(response)
    assert "1 verdi er lest inn og sendt inn." in tekst
    assert any(m.startswith("Linje 2 gjentar en verdi som allerede er godkjent") for m in tekst)
    rad = Indikatorverdi.objects.get(indikator=indikator)
    assert rad.status == Status.GODKJENT and rad.versjon == godkjent_versjon
    assert Indikatorverdi.objects.get(indikator=indikator2).status == Status.SENDT_INN

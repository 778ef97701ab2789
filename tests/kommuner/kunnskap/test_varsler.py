"""Knowledge-base notifications: a value returned with a comment tells the kommune's
contact persons; submitted values tell the kommune's investment leader."""

from decimal import Decimal

from felles.models import Varsel
from kommuner.kunnskap import services as svc


def test_returned_value_notifies_the_kommunes_contact_person_once(
    folk, sendt_halden, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        svc.indikatorverdi_return(
            verdi=sendt_halden, bruker=folk["leder_halden"], kommentar="Sjekk tallet mot SSB."
        )
    varsel = Varsel.objects.get(slag="verdi_returnert")
    assert varsel.mottaker == folk["kontakt_halden"]
    assert "Sjekk tallet mot SSB." in varsel.tittel
    assert varsel.url == "/kommuner/3101/kunnskapsgrunnlag/registrer/?periode=2024"
    assert [m.to for m in mailoutbox] == [[folk["kontakt_halden"].email]]
    # The job again (a redelivery): nothing new.
    assert svc.varsle_verdi_returnert(verdi_id=sendt_halden.pk, versjon=sendt_halden.versjon) == 0
    assert Varsel.objects.filter(slag="verdi_returnert").count() == 1


def test_reopening_an_approved_value_notifies_as_returned(
    folk, sendt_halden, django_capture_on_commit_callbacks
):
    svc.indikatorverdi_approve(verdi=sendt_halden, bruker=folk["leder_halden"])
    with django_capture_on_commit_callbacks(execute=True):
        svc.indikatorverdi_reopen(
            verdi=sendt_halden, bruker=folk["leder_halden"], kommentar="Feil år."
        )
    assert Varsel.objects.filter(slag="verdi_returnert", mottaker=folk["kontakt_halden"]).exists()


def test_submitted_values_notify_the_kommunes_investment_leader(
    folk, halden, sarpsborg, indikator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        svc.periode_upsert(
            kommune=halden,
            periode="2024",
            verdier={indikator: (Decimal("14.2"), "")},
            bruker=folk["kontakt_halden"],
            send_inn=True,
        )
    varsel = Varsel.objects.get(slag="verdier_til_godkjenning")
    assert varsel.mottaker == folk["leder_halden"]
    assert varsel.tittel == "Halden har 1 verdi som venter på godkjenning"
    assert varsel.url == "/kommuner/3101/kunnskapsgrunnlag/"
    assert [m.to for m in mailoutbox] == [[folk["leder_halden"].email]]
    assert svc.varsle_verdier_til_godkjenning(kommune_id=halden.pk) == 0  # once
    # Sarpsborg has no investment leader: nobody is told, nothing fails.
    with django_capture_on_commit_callbacks(execute=True):
        svc.periode_upsert(
            kommune=sarpsborg,
            periode="2024",
            verdier={indikator: (Decimal("15.1"), "")},
            bruker=folk["kontakt_sarpsborg"],
            send_inn=True,
        )
    assert Varsel.objects.count() == 1


def test_a_draft_notifies_nobody(folk, halden, indikator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        svc.periode_upsert(
            kommune=halden,
            periode="2024",
            verdier={indikator: (Decimal("14.2"), "")},
            bruker=folk["kontakt_halden"],
            send_inn=False,
        )
    assert not Varsel.objects.exists()


def test_uploaded_values_notify_the_leader(
    folk, halden, indikator, django_capture_on_commit_callbacks
):
    from .test_services import csv_fil

    fil = csv_fil(
        f"kommunenummer;indikator;periode;verdi;kommentar\n3101;{indikator.navn};2023;12,5;\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        svc.indikatorverdier_last_opp(kommune=halden, fil=fil, bruker=folk["kontakt_halden"])
    assert Varsel.objects.get().mottaker == folk["leder_halden"]


def test_a_nynorsk_kommunes_contact_person_gets_the_returned_value_in_nynorsk(
    folk, halden, sendt_halden, mailoutbox, django_capture_on_commit_callbacks
):
    halden.maalform = "nn"
    halden.save()
    with django_capture_on_commit_callbacks(execute=True):
        svc.indikatorverdi_return(
            verdi=sendt_halden, bruker=folk["leder_halden"], kommentar="Sjekk tallet mot SSB."
        )
    (epost,) = mailoutbox
    assert epost.to == [folk["kontakt_halden"].email]
    assert epost.subject.startswith("Verdien for «")
    assert "(2024) er returnert: Sjekk tallet mot SSB." in epost.subject
    assert "Opne i portalen: " in epost.body
    assert "Du får denne e-posten fordi du har varsel om «" in epost.body
    assert "Åpne i portalen" not in epost.body


def test_a_neutral_kommunes_contact_person_gets_the_language_they_chose(
    folk, halden, sendt_halden, mailoutbox, django_capture_on_commit_callbacks
):
    from kommuner.services import bruker_sprak_set

    halden.maalform = "noytral"
    halden.save()
    bruker_sprak_set(bruker=folk["kontakt_halden"], sprak="en")
    with django_capture_on_commit_callbacks(execute=True):
        svc.indikatorverdi_return(
            verdi=sendt_halden, bruker=folk["leder_halden"], kommentar="Sjekk tallet mot SSB."
        )
    (epost,) = mailoutbox
    assert "Open in the portal: " in epost.body


def test_a_bokmal_kommunes_contact_person_gets_bokmal_whatever_they_chose(
    folk, sendt_halden, mailoutbox, django_capture_on_commit_callbacks
):
    from kommuner.services import bruker_sprak_set

    bruker_sprak_set(bruker=folk["kontakt_halden"], sprak="nn")
    with django_capture_on_commit_callbacks(execute=True):
        svc.indikatorverdi_return(
            verdi=sendt_halden, bruker=folk["leder_halden"], kommentar="Sjekk tallet mot SSB."
        )
    (epost,) = mailoutbox
    assert "Åpne i portalen: " in epost.body

"""The shared helpers every app uses for a common job: the safe back-address
(``felles.adresser``), the one paginator (``felles.paginering``), the one file
response (``felles.filer``), "active users with role R" (``Bruker.objects.med_rolle``)
and a view's service call (``felles.meldinger``)."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from felles.adresser import er_intern_sti, tilbake
from felles.filer import PDF, fil_response
from felles.forms import MedVersjon
from felles.laas import Foreldet
from felles.meldinger import skjema_utfor, utfor
from felles.paginering import SIDESTORRELSE, side, sideutsnitt
from investering.models import Regelhinder
from kommuner.models import Bruker
from kommuner.roller import Rolle
from tests.factories import BrukerFactory

FALLBACK = "/investering/"


@pytest.mark.parametrize(
    "neste",
    [
        "/\\evil.example",
        "//evil.example",
        "https://evil.example",
        "https://evil.example/investering/",
        "javascript:alert(1)",
        "\\\\evil.example",
        "",
    ],
)
def test_a_back_address_to_another_host_is_refused_for_the_fallback(neste):
    request = RequestFactory().post("/", {"neste": neste})
    assert tilbake(request, FALLBACK) == FALLBACK
    assert not er_intern_sti(neste)


@pytest.mark.parametrize("neste", ["/investering/moter/3/", "/investering/?side=2#punkt-4"])
def test_a_back_address_in_the_portal_is_followed(neste):
    request = RequestFactory().post("/", {"neste": neste})
    assert tilbake(request, FALLBACK) == neste
    assert er_intern_sti(neste)


def test_the_paginator_gives_the_first_page_for_bad_input_and_the_last_past_the_end():
    rader = list(range(SIDESTORRELSE * 2 + 3))
    assert sideutsnitt(rader, "x").number == 1
    assert sideutsnitt(rader, "999").number == 3
    assert list(sideutsnitt(rader, 3).object_list) == rader[-3:]
    request = RequestFactory().get("/", {"side": "2"})
    assert side(request, rader, per_side=10).object_list == rader[10:20]


@pytest.mark.django_db
def test_the_two_way_paginator_reads_the_last_page_in_order(kontakt_halden):
    for i in range(7):
        BrukerFactory(email=f"b{i}@test.no")
    alle = list(Bruker.objects.order_by("pk"))
    siste = sideutsnitt(Bruker.objects.order_by("pk"), 3, per_side=3, toveis=True)
    assert list(siste.object_list) == alle[6:]


def test_a_file_response_names_the_file_safely_and_is_kept_by_no_shared_cache():
    response = fil_response(
        b"%PDF-1.7", filnavn='rapport "Halden"\r\nX-Evil: 1.pdf', content_type=PDF
    )
    assert response["Content-Type"] == PDF
    assert response["Content-Disposition"].startswith("attachment; filename")
    assert "\n" not in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    verdier = {v.strip() for v in response["Cache-Control"].split(",")}
    assert {"private", "no-cache"} <= verdier


def test_a_streamed_file_shown_inline_may_be_kept_by_the_browser_a_while():
    response = fil_response(
        iter([b"a", b"b"]),
        filnavn="møter.ics",
        content_type="text/calendar",
        vedlegg=False,
        maks_alder=300,
    )
    assert response.streaming
    assert b"".join(response.streaming_content) == b"ab"
    assert response["Content-Disposition"].startswith("inline; filename")
    assert {v.strip() for v in response["Cache-Control"].split(",")} == {"private", "max-age=300"}


def test_users_with_a_role_are_the_active_holders_each_once(
    admin_bruker, leder_halden, kontakt_halden
):
    begge = BrukerFactory(email="begge@test.no", roller=[Rolle.ADMIN, Rolle.INVESTERINGSLEDER])
    borte = BrukerFactory(email="borte@test.no", roller=[Rolle.ADMIN], is_active=False)
    assert list(
        Bruker.objects.med_rolle(Rolle.ADMIN, Rolle.INVESTERINGSLEDER).order_by("email")
    ) == [admin_bruker, begge, leder_halden]
    assert borte in Bruker.objects.med_rolle(Rolle.ADMIN, bare_aktive=False)
    assert list(Bruker.objects.med_rolle(Rolle.STYRINGSGRUPPE)) == []


class _Skjema(MedVersjon):
    tittel = forms.CharField()


def _request():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_a_form_service_that_succeeds_shows_its_message_with_what_it_returned():
    request = _request()
    form = _Skjema({"tittel": "Øremerking", "versjon": "1"})
    assert form.is_valid()
    utfall = skjema_utfor(request, form, lambda: 7, ok=lambda n: f"Lagret som nummer {n}.")
    assert (bool(utfall), utfall.verdi) == (True, 7)
    assert [str(m) for m in get_messages(request)] == ["Lagret som nummer 7."]


def test_a_service_error_goes_beside_its_field_and_nothing_is_said_as_done():
    request = _request()
    form = _Skjema({"tittel": "x", "versjon": "1"})
    form.is_valid()

    def avvis():
        raise ValidationError({"tittel": "For kort.", "annet": "Feil et annet sted."})

    utfall = skjema_utfor(request, form, avvis, ok="Lagret.")
    assert (bool(utfall), utfall.status) == (False, 200)
    assert form.errors["tittel"] == ["For kort."]
    assert form.non_field_errors() == ["Feil et annet sted."]
    assert list(get_messages(request)) == []


@pytest.mark.django_db
def test_a_stale_form_answers_409_and_carries_the_stored_version(pilot, halden):
    hinder = Regelhinder.objects.create(
        pilot=pilot, kommune=halden, tittel="T", beskrivelse="B", versjon=4
    )
    form = _Skjema({"tittel": "Min tekst", "versjon": "2"})
    form.is_valid()

    def lagre():
        raise Foreldet("Endret av en annen.", gjeldende=hinder)

    utfall = skjema_utfor(_request(), form, lagre)
    assert (utfall.status, utfall.foreldet is utfall.feil) == (409, True)
    assert form.data["versjon"] == "4"
    assert form.data["tittel"] == "Min tekst"
    assert form.non_field_errors() == ["Endret av en annen."]


def test_an_error_code_named_as_conflict_answers_409_and_is_left_to_the_view():
    form = _Skjema({"tittel": "x", "versjon": "1"})
    form.is_valid()

    def lagre():
        raise ValidationError("Godkjent i mellomtiden.", code="godkjent")

    utfall = skjema_utfor(_request(), form, lagre, konflikt={"godkjent"})
    assert (utfall.status, utfall.feil.messages) == (409, ["Godkjent i mellomtiden."])
    assert not form.non_field_errors()


def test_a_button_service_error_becomes_an_error_message():
    request = _request()

    def avvis():
        raise ValidationError(["Kan ikke.", "Heller ikke det."])

    assert utfor(request, avvis, ok="Gjort.") is False
    assert [str(m) for m in get_messages(request)] == ["Kan ikke.", "Heller ikke det."]

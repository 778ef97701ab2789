"""The list of reflection forms is rendered once per reader's reach, role and page and
kept until the data under it changes (evaluering.views_refleksjon,
felles.datastand.hurtig_fragment): a committed form, answer or pilot rename shows on
the next request, and a reader never gets the copy of another reach or role."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluering import services


def _liste(client, user) -> tuple[str, list[str]]:
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("evaluering:skjema_list"))
    assert response.status_code == 200
    html = response.content.decode()
    # The kept part follows the heading; the menu around it names the reader.
    html = html[html.index('<h1 class="h2">') : html.index("</main>")]
    return html, [q["sql"] for q in ctx.captured_queries]


def _skjema(pilot, periode, tittel, kommuner):
    return services.refleksjonsskjema_create(
        pilot=pilot,
        periode=periode,
        tittel=tittel,
        innledning="",
        pastander=["Vi samarbeider på tvers"],
        kommuner=kommuner,
    )


def _svar(skjema, kommune, bruker):
    (pastand,) = skjema.pastander.all()
    services.refleksjonssvar_submit(
        skjema=skjema, kommune=kommune, besvart_av=bruker, verdier={pastand.pk: 4}
    )


@pytest.mark.django_db(transaction=True)
def test_the_kept_form_list_follows_every_committed_change(
    postgres, client, folk, pilot, periode, halden, sarpsborg, kontakt_sarpsborg
):
    skjema = _skjema(pilot, periode, "Refleksjon 2025", [halden, sarpsborg])
    forste, _sql = _liste(client, folk["admin"])
    assert "Refleksjon 2025" in forste and "Nytt skjema i Testpiloten" in forste
    assert '<td class="num">0</td>' in forste
    igjen, sql = _liste(client, folk["admin"])
    assert igjen == forste
    # Kept: neither the forms, their answers nor the pilots are read again.
    assert not any('"evaluering_refleksjon' in q or 'FROM "kommuner_pilot"' in q for q in sql)

    _svar(skjema, sarpsborg, kontakt_sarpsborg)
    assert '<td class="num">1</td>' in _liste(client, folk["admin"])[0]
    _skjema(pilot, periode, "Oppfølging 2025", [halden])
    assert "Oppfølging 2025" in _liste(client, folk["admin"])[0]
    pilot.navn = "Velferdspiloten"
    pilot.save(update_fields=["navn"])
    etter, _sql = _liste(client, folk["admin"])
    assert "Nytt skjema i Velferdspiloten" in etter and "<td>Velferdspiloten</td>" in etter


@pytest.mark.django_db(transaction=True)
def test_the_kept_form_list_is_kept_per_reach_and_role(
    postgres, client, folk, pilot, periode, halden, sarpsborg, kontakt_sarpsborg
):
    bare_halden = _skjema(pilot, periode, "Bare Halden", [halden])
    begge = _skjema(pilot, periode, "Begge", [halden, sarpsborg])
    _svar(begge, sarpsborg, kontakt_sarpsborg)

    admin, _sql = _liste(client, folk["admin"])
    assert "Bare Halden" in admin and "Begge" in admin and "Nytt skjema" in admin
    assert '<td class="num">1</td>' in admin  # Sarpsborg's answer to "Begge"
    # The researcher reads every kommune's forms and answers, without the admin's
    # buttons: not the admin's copy.
    forsker, _sql = _liste(client, folk["forsker"])
    assert "Bare Halden" in forsker and '<td class="num">1</td>' in forsker
    assert "Nytt skjema" not in forsker
    sarpsborgs, _sql = _liste(client, kontakt_sarpsborg)
    assert "Begge" in sarpsborgs and "Bare Halden" not in sarpsborgs
    assert '<td class="num">1</td>' in sarpsborgs and "Nytt skjema" not in sarpsborgs
    # Halden reads both forms, and counts its own answers only (none).
    haldens, _sql = _liste(client, folk["kontakt_halden"])
    assert "Bare Halden" in haldens and "Begge" in haldens
    assert '<td class="num">1</td>' not in haldens and '<td class="num">0</td>' in haldens
    assert bare_halden.pk != begge.pk
    assert _liste(client, folk["admin"])[0] == admin
    assert _liste(client, kontakt_sarpsborg)[0] == sarpsborgs

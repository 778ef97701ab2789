import re
import time

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse

from velferdspilot.middleware import SESSION_RENEWED_KEY, SESSION_STARTED_KEY

PASSWORD = "riktig-passord-123"


def login(client, email, password, ip="10.0.0.1"):
    return client.post("/logg-inn/", {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_login_with_email_case_insensitive_lands_on_home(client, kontakt_halden):
    response = login(client, "Kontakt.Halden@TEST.no", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "Halden kommune" in client.get("/").content.decode()


def test_wrong_password_gets_norwegian_message(client, kontakt_halden):
    response = login(client, kontakt_halden.email, "feil")
    assert response.status_code == 200
    assert "korrekt e-post og passord" in response.content.decode()


def test_lockout_after_five_failures_for_that_user_and_address_only(
    client, kontakt_halden, kontakt_sarpsborg
):
    for _ in range(5):
        login(client, kontakt_halden.email, "feil")
    locked = login(client, kontakt_halden.email, PASSWORD)
    assert locked.status_code == 429
    assert "Midlertidig sperret" in locked.content.decode()
    # A colleague behind the same office address still gets in …
    assert login(client, kontakt_sarpsborg.email, PASSWORD).status_code == 302
    client.logout()
    # … and so does the same person from another address.
    assert login(client, kontakt_halden.email, PASSWORD, ip="10.0.0.2").status_code == 302


def test_lockout_counts_email_case_insensitively(client, kontakt_halden):
    for variant in ["KONTAKT.halden@test.no", "Kontakt.Halden@test.no", "kontakt.halden@TEST.NO"]:
        login(client, variant, "feil")
    login(client, kontakt_halden.email, "feil")
    login(client, kontakt_halden.email.upper(), "feil")
    assert login(client, kontakt_halden.email, PASSWORD).status_code == 429


def test_lockout_ends_after_cooloff(client, kontakt_halden, settings):
    for _ in range(5):
        login(client, kontakt_halden.email, "feil")
    assert login(client, kontakt_halden.email, PASSWORD).status_code == 429
    # Age the failures beyond the 30-minute cool-off.
    from datetime import timedelta

    from django.utils import timezone

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert login(client, kontakt_halden.email, PASSWORD).status_code == 302


def test_logout_requires_post_and_ends_session(client, kontakt_halden):
    client.force_login(kontakt_halden)
    assert client.get("/logg-ut/").status_code == 405
    assert client.post("/logg-ut/").status_code == 302
    assert client.get("/").status_code == 302


def test_session_has_idle_timeout_of_two_hours(client, kontakt_halden, settings):
    client.force_login(kontakt_halden)
    client.get("/")
    assert settings.SESSION_COOKIE_AGE == 2 * 60 * 60
    assert 7100 < client.session.get_expiry_age() <= 7200


def test_idle_timeout_is_renewed_while_the_user_works(client, kontakt_halden, settings):
    """The session is saved with a new expiry (and cookie) when it was last renewed five
    minutes ago or more; not on every request, which would be a write per page."""
    client.force_login(kontakt_halden)
    client.get("/")
    session = client.session
    session[SESSION_RENEWED_KEY] = int(time.time()) - 6 * 60
    session.save()
    response = client.get("/")
    assert response.status_code == 200
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 2 * 60 * 60
    assert client.session[SESSION_RENEWED_KEY] >= int(time.time()) - 5

    again = client.get("/")
    assert again.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in again.cookies


def test_session_ends_after_absolute_lifetime(client, kontakt_halden):
    client.force_login(kontakt_halden)
    session = client.session
    session[SESSION_STARTED_KEY] = int(time.time()) - 12 * 60 * 60 - 1
    session.save()
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/logg-inn/")
    assert client.get("/").status_code == 302


def test_password_reset_sends_norwegian_email(client, kontakt_halden):
    response = client.post("/passord/glemt/", {"email": kontakt_halden.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Nytt passord til Velferdspilot"
    assert "/passord/ny/" in mail.outbox[0].body


def test_password_reset_for_unknown_email_reveals_nothing(client, db):
    response = client.post("/passord/glemt/", {"email": "ukjent@test.no"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_password_change(client, kontakt_halden):
    client.force_login(kontakt_halden)
    response = client.post(
        "/passord/endre/",
        {
            "old_password": PASSWORD,
            "new_password1": "et-helt-nytt-passord-2026",
            "new_password2": "et-helt-nytt-passord-2026",
        },
    )
    assert response.status_code == 302
    kontakt_halden.refresh_from_db()
    assert kontakt_halden.check_password("et-helt-nytt-passord-2026")


def test_norwegian_even_when_the_browser_asks_for_english(client, kontakt_halden):
    client.force_login(kontakt_halden)
    page = client.get("/kommuner/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="nb">' in page


@pytest.mark.parametrize("language", ["nb", "en"])
def test_language_switch(client, kontakt_halden, language):
    client.force_login(kontakt_halden)
    client.post("/i18n/setlang/", {"language": language, "next": "/kommuner/"})
    page = client.get("/kommuner/").content.decode()
    assert f'<html lang="{language}">' in page
    assert ("Municipalities" in page) is (language == "en")


def test_signed_in_pages_are_private(client, kontakt_halden):
    """Review item 10: signed-in pages had no Cache-Control, so a shared cache could
    keep one person's page."""
    client.force_login(kontakt_halden)
    for url in ["/", reverse("kommuner:detail", args=[kontakt_halden.kommune.kommunenummer])]:
        response = client.get(url)
        assert response.status_code == 200, url
        verdier = {v.strip() for v in response["Cache-Control"].split(",")}
        assert {"private", "no-cache"} <= verdier, url
        assert "public" not in verdier


def _input(page: str, name: str) -> str:
    return re.search(rf'<input type="password" name="{name}"[^>]*>', page).group(0)


def test_password_change_errors_are_shown_with_their_fields(client, kontakt_halden):
    """The form's own template (no crispy): each error is named by its input's
    aria-describedby, the input marked invalid, the help text still named."""
    client.force_login(kontakt_halden)
    page = client.post(
        "/passord/endre/",
        {"old_password": "feil", "new_password1": "a-b-c-d-e-f-1", "new_password2": "annet"},
    ).content.decode()
    gammelt = _input(page, "old_password")
    assert 'class="passwordinput form-control is-invalid"' in gammelt
    assert 'aria-invalid="true"' in gammelt
    assert 'aria-describedby="id_old_password_error"' in gammelt
    assert re.search(
        r'<div id="id_old_password_error" class="invalid-feedback">'
        r'<p id="error_1_id_old_password"><strong>[^<]*passord[^<]*</strong></p></div>',
        page,
    )
    bekreft = _input(page, "new_password2")
    assert 'aria-describedby="id_new_password2_helptext id_new_password2_error"' in bekreft
    assert '<div id="id_new_password2_error" class="invalid-feedback">' in page
    assert '<div id="id_new_password2_helptext" class="form-text">' in page
    nytt = _input(page, "new_password1")
    assert "is-invalid" not in nytt and "aria-invalid" not in nytt
    assert 'aria-describedby="id_new_password1_helptext"' in nytt
    for felt in ("old_password", "new_password1", "new_password2"):
        assert f'<label for="id_{felt}" class="form-label requiredField">' in page
    assert 'autocomplete="current-password" autofocus' in gammelt


def test_password_change_fields_are_marked_up_as_crispy_did(kontakt_halden):
    """The same markup as django-crispy-forms' bootstrap5 pack, but for the white space
    inside the labels: unbound, with field errors and with the form's own error."""
    from django import forms
    from django.contrib.auth.forms import PasswordChangeForm
    from django.template import Context, Template

    from velferdspilot.auth import PassordEndreSkjema

    class Annet(forms.Form):
        navn = forms.CharField(label="Navn <b>", help_text="hjelp", initial='x"y')
        tall = forms.IntegerField(required=False)
        skjult = forms.CharField(widget=forms.HiddenInput, initial="h")
        valg = forms.ChoiceField(choices=[("a", "A")])

        def clean(self):
            raise forms.ValidationError("Hele skjemaet <feil>")

    def norm(html: str) -> str:
        html = re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()
        return re.sub(r"(<label[^>]*>) (.*?) ?(<span|</label)", r"\1\2\3", html)

    crispy = Template("{% load crispy_forms_tags %}{{ form|crispy }}")
    egen = Template("{% load skjema %}{% bootstrap_felter form %}")
    skjemaer = [
        PasswordChangeForm(kontakt_halden),
        PassordEndreSkjema(kontakt_halden),
        PasswordChangeForm(kontakt_halden, data={"old_password": "feil", "new_password2": "x"}),
        Annet(),
        Annet(data={"navn": "<x>", "tall": "q"}),
    ]
    for skjema in skjemaer:
        forventet = norm(crispy.render(Context({"form": skjema})))
        assert norm(egen.render(Context({"form": skjema}))) == forventet


def test_the_unbound_password_form_is_written_once_and_alike_for_everyone(
    kontakt_halden, admin_bruker
):
    """Kept per language while unbound: the same as written anew, for any user and in
    each language; a posted form is written anew with its values and errors."""
    from django.contrib.auth.forms import PasswordChangeForm
    from django.utils import translation

    from velferdspilot.auth import PassordEndreSkjema
    from velferdspilot.templatetags.skjema import _felter, bootstrap_felter

    for sprak in ("nb", "en", "nb"):
        with translation.override(sprak):
            for bruker in (kontakt_halden, admin_bruker):
                assert bootstrap_felter(PassordEndreSkjema(bruker)) == _felter(
                    PasswordChangeForm(bruker)
                )
    with translation.override("en"):
        assert "Old password" in bootstrap_felter(PassordEndreSkjema(kontakt_halden))
    postet = PassordEndreSkjema(kontakt_halden, data={"old_password": "feil"})
    assert "is-invalid" in bootstrap_felter(postet)
    assert "is-invalid" not in bootstrap_felter(PassordEndreSkjema(kontakt_halden))


def test_fixed_parts_of_every_page_follow_the_language(client, kontakt_halden):
    """base.html's parts kept per process and language: switching back and forth shows
    each language's own."""
    client.force_login(kontakt_halden)
    for language, tekst in [("nb", "Bytt språk"), ("en", "Change language"), ("nb", "Bytt språk")]:
        client.post("/i18n/setlang/", {"language": language, "next": "/kommuner/"})
        page = client.get("/kommuner/").content.decode()
        assert tekst in page
        assert f'<option value="{language}" selected lang="{language}">' in page


def test_the_menu_marks_the_page_one_is_on(client, admin_bruker):
    client.force_login(admin_bruker)
    for path, aktiv in [("/kommuner/", "/kommuner/"), ("/", "/"), ("/kommuner/", "/kommuner/")]:
        meny = client.get(path).content.decode().split('id="hovedmeny"')[1].split("</ul>")[0]
        assert re.findall(r'href="([^"]*)" aria-current="page"', meny) == [aktiv]

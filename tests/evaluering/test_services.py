import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from evaluering import selectors, services
from evaluering.models import Maloppnaelse, Rapportperiode, Refleksjonssvar, Statusrapport
from tests.evaluering.conftest import publish
from tests.factories import KommuneFactory


def test_half_year_bounds(periode, forrige_periode):
    assert periode.kode == "2025-H2"
    assert (periode.start, periode.slutt) == (
        datetime.date(2025, 7, 1),
        datetime.date(2025, 12, 31),
    )
    assert (forrige_periode.start, forrige_periode.slutt) == (
        datetime.date(2025, 1, 1),
        datetime.date(2025, 6, 30),
    )


def test_one_assessment_per_goal_period_and_kommune(vurdert, mal, admin_bruker, halden):
    services.maloppnaelse_set(
        mal=mal[0],
        periode=vurdert,
        kommune=halden,
        vurdering="oppnadd",
        begrunnelse="Nå oppnådd.",
        vurdert_av=admin_bruker,
    )
    services.maloppnaelse_set(
        mal=mal[0],
        periode=vurdert,
        kommune=None,
        vurdering="stor",
        begrunnelse="Bedre.",
        vurdert_av=admin_bruker,
    )
    assert Maloppnaelse.objects.filter(mal=mal[0], periode=vurdert).count() == 2
    assert (
        Maloppnaelse.objects.get(mal=mal[0], periode=vurdert, kommune=halden).vurdering == "oppnadd"
    )


def test_published_period_refuses_new_assessments(vurdert, mal, admin_bruker):
    publish(vurdert, admin_bruker)
    with pytest.raises(ValidationError, match="publisert"):
        services.maloppnaelse_set(
            mal=mal[1],
            periode=vurdert,
            kommune=None,
            vurdering="liten",
            begrunnelse="x",
            vurdert_av=admin_bruker,
        )


def test_report_is_rendered_once_and_keeps_hash_and_snapshot(vurdert, admin_bruker):
    rapport = services.statusrapport_bestill(periode=vurdert, bestilt_av=admin_bruker)
    first = services.statusrapport_render(rapport_id=rapport.pk)
    again = services.statusrapport_render(rapport_id=rapport.pk)
    assert first.status == again.status == Statusrapport.Status.UTKAST
    assert again.sha256 == first.sha256 and len(first.sha256) == 64
    assert first.grunnlag["periode"] == "2025-H2"
    halden = next(k for k in first.grunnlag["kommuner"] if k["navn"] == "Halden")
    assert halden["vurderinger"] == {"1": "stor", "2": None}


def test_published_report_is_immutable_and_regenerating_makes_a_new_version(vurdert, admin_bruker):
    published = publish(vurdert, admin_bruker)
    published.feilmelding = "endret"
    with pytest.raises(ValidationError):
        published.full_clean()
    with pytest.raises(ValidationError):
        services.statusrapport_publish(rapport=published, publisert_av=admin_bruker)
    newer = services.statusrapport_bestill(periode=vurdert, bestilt_av=admin_bruker)
    assert newer.versjon == 2
    assert Statusrapport.objects.get(pk=published.pk).status == Statusrapport.Status.PUBLISERT
    assert vurdert.statusrapporter.count() == 2


def test_only_admins_publish(vurdert, admin_bruker, styre):
    rapport = services.statusrapport_bestill(periode=vurdert, bestilt_av=admin_bruker)
    rapport = services.statusrapport_render(rapport_id=rapport.pk)
    with pytest.raises(PermissionDenied):
        services.statusrapport_publish(rapport=rapport, publisert_av=styre)


def test_publishing_emails_the_steering_group_once_with_the_pdf(
    vurdert, admin_bruker, styre, django_capture_on_commit_callbacks
):
    rapport = services.statusrapport_bestill(periode=vurdert, bestilt_av=admin_bruker)
    rapport = services.statusrapport_render(rapport_id=rapport.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.statusrapport_publish(rapport=rapport, publisert_av=admin_bruker)
    assert [m.to for m in mail.outbox] == [[styre.email]]
    assert mail.outbox[0].attachments[0][2] == "application/pdf"
    # The same job again (a retry) sends nothing more.
    services.varsle_styringsgruppen(rapport_id=rapport.pk)
    assert len(mail.outbox) == 1


def test_half_year_close_is_idempotent(pilot, admin_bruker, django_capture_on_commit_callbacks):
    pilot.start = datetime.date(2024, 1, 1)
    pilot.save()
    with django_capture_on_commit_callbacks(execute=True):
        made = services.halvaar_avslutt(today=datetime.date(2026, 7, 1))
    with django_capture_on_commit_callbacks(execute=True):
        again = services.halvaar_avslutt(today=datetime.date(2026, 7, 1))
    assert len(made) == 1 and again == []
    periode = Rapportperiode.objects.get(pilot=pilot, aar=2026, halvaar=1)
    assert periode.status == Rapportperiode.Status.LUKKET
    assert periode.statusrapporter.get().status == Statusrapport.Status.UTKAST
    # The pilot leader is told once that the draft is ready.
    assert [m.to for m in mail.outbox] == [[admin_bruker.email]]
    assert "klart" in mail.outbox[0].subject


def test_half_year_close_skips_pilots_not_running(pilot):
    pilot.start = datetime.date(2018, 1, 1)
    pilot.slutt = datetime.date(2020, 12, 31)
    pilot.save()
    assert services.halvaar_avslutt(today=datetime.date(2026, 1, 1)) == []
    assert not Rapportperiode.objects.filter(pilot=pilot).exists()


def test_failed_render_is_recorded_and_reaches_admins(vurdert, admin_bruker, monkeypatch):
    rapport = services.statusrapport_bestill(periode=vurdert, bestilt_av=admin_bruker)
    services.statusrapport_mark_failed(rapport_id=rapport.pk, error="Pango mangler")
    rapport.refresh_from_db()
    assert rapport.status == Statusrapport.Status.FEILET
    assert "Pango" in rapport.feilmelding
    assert [m.to for m in mail.outbox] == [[admin_bruker.email]]


@pytest.fixture
def skjema_par(pilot, periode, forrige_periode, halden, sarpsborg):
    args = {"pilot": pilot, "innledning": "", "kommuner": [halden, sarpsborg]}
    before = services.refleksjonsskjema_create(
        periode=forrige_periode, tittel="Første", pastander=["Vi sitter i førersetet"], **args
    )
    after = services.refleksjonsskjema_create(
        periode=periode,
        tittel="Andre",
        pastander=["Vi sitter i førersetet"],
        forrige=before,
        **args,
    )
    return before, after


def answer(skjema, kommune, user, value):
    pastand = skjema.pastander.get()
    return services.refleksjonssvar_submit(
        skjema=skjema, kommune=kommune, besvart_av=user, verdier={pastand.pk: value}
    )


def test_reflection_results_mean_sd_and_change(
    skjema_par, halden, sarpsborg, kontakt_halden, kontakt_sarpsborg
):
    before, after = skjema_par
    answer(before, halden, kontakt_halden, 4)
    answer(before, sarpsborg, kontakt_sarpsborg, 3)  # mean 3.5
    answer(after, halden, kontakt_halden, 5)
    answer(after, sarpsborg, kontakt_sarpsborg, 4)  # mean 4.5, sd 0.7
    [result] = selectors.reflection_results(after)
    assert (result.snitt, result.standardavvik, result.forrige_snitt) == (4.5, 0.7, 3.5)
    assert result.endring == 1.0 and result.endring_prosent == 29
    assert result.per_kommune == {halden.pk: 5, sarpsborg.pk: 4}
    [own] = selectors.reflection_results(after, kommune_ids=[halden.pk])
    assert own.per_kommune == {halden.pk: 5} and own.snitt == 5.0


def test_change_as_in_seed_003():
    from evaluering.selectors import PastandResultat

    r = PastandResultat(
        pastand=None, antall=12, snitt=4.7, standardavvik=0.5, forrige_snitt=3.9, per_kommune={}
    )
    assert (r.endring, r.endring_prosent) == (0.8, 21)


def test_kommune_answers_once(skjema_par, halden, kontakt_halden):
    _before, after = skjema_par
    answer(after, halden, kontakt_halden, 5)
    with pytest.raises(ValidationError, match="allerede svart"):
        answer(after, halden, kontakt_halden, 3)
    assert Refleksjonssvar.objects.filter(skjema=after).count() == 1


def test_answer_must_be_one_to_five_and_complete(skjema_par, halden, kontakt_halden):
    _before, after = skjema_par
    with pytest.raises(ValidationError, match="1 til 5"):
        answer(after, halden, kontakt_halden, 6)
    with pytest.raises(ValidationError, match="alle påstandene"):
        services.refleksjonssvar_submit(
            skjema=after, kommune=halden, besvart_av=kontakt_halden, verdier={}
        )
    assert not Refleksjonssvar.objects.exists()


def test_form_not_sent_to_kommune_is_refused(skjema_par, kontakt_halden):
    _before, after = skjema_par
    other = KommuneFactory(kommunenummer="5001", navn="Trondheim")
    with pytest.raises(ValidationError, match="ikke sendt"):
        answer(after, other, kontakt_halden, 3)


def test_render_job_time_limit_grows_with_the_kommuner_and_decides_when_it_stalled(
    periode, deltakelse_halden, deltakelse_sarpsborg, admin_bruker, settings
):
    from datetime import timedelta

    from django.utils import timezone

    from evaluering.models import RENDER_TIME_LIMIT, render_tidsgrense
    from felles.models import Jobb

    assert render_tidsgrense(2) == RENDER_TIME_LIMIT  # the floor
    assert render_tidsgrense(357) == 60 + 357
    assert render_tidsgrense(5000) == settings.CELERY_LONGEST_TASK_TIME_LIMIT
    rapport = services.statusrapport_bestill(periode=periode, bestilt_av=admin_bruker)
    assert (rapport.jobb.tidsgrense, rapport.jobb.myk_tidsgrense) == (300, 240)
    # A national report's job may run longer before the page calls it stalled.
    Jobb.objects.filter(pk=rapport.jobb_id).update(
        tidsgrense=417,
        status=Jobb.Status.OVERLEVERT,
        overlevert=timezone.now() - timedelta(seconds=417),
    )
    Statusrapport.objects.filter(pk=rapport.pk).update(status=Statusrapport.Status.VENTER)
    rapport = Statusrapport.objects.select_related("jobb").get(pk=rapport.pk)
    assert not rapport.stoppet_opp
    Jobb.objects.filter(pk=rapport.jobb_id).update(
        overlevert=timezone.now() - timedelta(seconds=417 + 61)
    )
    rapport = Statusrapport.objects.select_related("jobb").get(pk=rapport.pk)
    assert rapport.stoppet_opp


def test_outbox_hands_a_jobs_own_time_limits_to_celery(
    db, monkeypatch, django_capture_on_commit_callbacks
):
    from evaluering.tasks import statusrapport_render
    from felles import jobber

    sent = []
    monkeypatch.setattr(statusrapport_render, "apply_async", lambda **kwargs: sent.append(kwargs))
    with django_capture_on_commit_callbacks(execute=True):
        jobber.legg_i_ko(
            "evaluering.tasks.statusrapport_render", 1, time_limit=417, soft_time_limit=357
        )
        jobber.legg_i_ko("evaluering.tasks.statusrapport_render", 2)
    assert (sent[0]["time_limit"], sent[0]["soft_time_limit"]) == (417, 357)
    assert "time_limit" not in sent[1] and sent[1]["args"] == [2]


def test_kommune_pdfs_are_ordered_one_job_per_kommune_and_each_renders_its_own(
    vurdert, deltakelse_halden, deltakelse_sarpsborg, settings, tmp_path
):
    import io

    from django.core.files.storage import default_storage
    from pypdf import PdfReader

    from felles.models import Jobb

    settings.MEDIA_ROOT = tmp_path
    jobber = services.kommunestatus_bestill_alle(periode=vurdert)
    assert [j.argumenter for j in Jobb.objects.filter(pk__in=jobber).order_by("pk")] == [
        [vurdert.pk, deltakelse_halden.kommune_id],
        [vurdert.pk, deltakelse_sarpsborg.kommune_id],
    ]
    name = services.kommunestatus_render(
        periode_id=vurdert.pk, kommune_id=deltakelse_halden.kommune_id
    )
    with default_storage.open(name) as fh:
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(fh.read())).pages)
    assert "Status for Halden" in text and "Sarpsborg" not in text

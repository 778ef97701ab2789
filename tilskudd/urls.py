from django.urls import path, re_path

from . import views

app_name = "tilskudd"

urlpatterns = [
    path("", views.index, name="index"),
    # Admin: schemes, pots, allocations, rounds, the queue and decisions
    path("potter/", views.potter, name="potter"),
    path("potter/ny/", views.pott_ny, name="pott_ny"),
    path("potter/<int:pk>/", views.pott_detail, name="pott"),
    path("potter/<int:pk>/rediger/", views.pott_rediger, name="pott_rediger"),
    path("potter/<int:pk>/tildeling/", views.tildeling_ny, name="tildeling_ny"),
    path("potter/<int:pk>/import/", views.tildeling_import, name="tildeling_import"),
    path("runder/ny/", views.runde_ny, name="runde_ny"),
    path("runder/<int:pk>/rediger/", views.runde_rediger, name="runde_rediger"),
    path("runder/<int:pk>/soknader/", views.runde_soknader, name="runde_soknader"),
    path(
        "runder/<int:pk>/soknader/eksport.<str:format>",
        views.runde_soknader_eksport,
        name="runde_soknader_eksport",
    ),
    path("runder/<int:pk>/skjema/", views.runde_skjema, name="runde_skjema"),
    path("runder/<int:pk>/skjema/<slug:slag>/ny/", views.runde_skjema_ny, name="runde_skjema_ny"),
    path(
        "runder/<int:pk>/skjema/<slug:slag>/<int:rad_pk>/",
        views.runde_skjema_rediger,
        name="runde_skjema_rediger",
    ),
    path(
        "runder/<int:pk>/skjema/<slug:slag>/<int:rad_pk>/fjern/",
        views.runde_skjema_slett,
        name="runde_skjema_slett",
    ),
    path("runder/<int:pk>/rangering/", views.runde_rangering, name="runde_rangering"),
    path("soknader/<int:pk>/behandle/", views.soknad_behandle, name="soknad_behandle"),
    path(
        "soknader/<int:pk>/saksbehandler/", views.soknad_saksbehandler, name="soknad_saksbehandler"
    ),
    path("soknader/<int:pk>/notat/", views.soknad_notat, name="soknad_notat"),
    path("soknader/<int:pk>/poeng/", views.soknad_poeng, name="soknad_poeng"),
    path("soknader/<int:pk>/innstilling/", views.soknad_innstilling, name="soknad_innstilling"),
    path(
        "soknader/<int:pk>/forslag/<int:forslag_pk>/",
        views.forslag_godkjenn,
        name="forslag_godkjenn",
    ),
    path("soknader/<int:pk>/vedtak/", views.vedtak_ny, name="vedtak_ny"),
    path("soknader/<int:pk>/vedtak/endre/", views.vedtak_endre, name="vedtak_endre"),
    path("soknader/<int:pk>/utbetaling/", views.utbetaling_ny, name="utbetaling_ny"),
    # Contact persons (and every reader of the kommune's working data)
    path("runder/", views.mine_runder, name="mine_runder"),
    path("runder/<int:runde_pk>/sok/", views.soknad_ny, name="soknad_ny"),
    path("soknader/", views.soknader, name="soknader"),
    path("soknader/<int:pk>/", views.soknad_detail, name="soknad"),
    path("soknader/<int:pk>/rediger/", views.soknad_rediger, name="soknad_rediger"),
    path("soknader/<int:pk>/send-inn/", views.soknad_send_inn, name="soknad_send_inn"),
    path("soknader/<int:pk>/trekk/", views.soknad_trekk, name="soknad_trekk"),
    path("soknader/<int:pk>/vedlegg/", views.vedlegg_ny, name="vedlegg_ny"),
    path(
        "soknader/<int:pk>/vedlegg/<int:vedlegg_pk>/",
        views.vedlegg_last_ned,
        name="vedlegg",
    ),
    path(
        "soknader/<int:pk>/vedlegg/<int:vedlegg_pk>/fjern/",
        views.vedlegg_slett,
        name="vedlegg_slett",
    ),
    path("soknader/<int:pk>/vedtaksbrev.pdf", views.vedtaksbrev, name="vedtaksbrev"),
    path(
        "soknader/<int:pk>/vedtaksbrev/<int:nummer>.pdf",
        views.vedtaksbrev_versjon,
        name="vedtaksbrev_versjon",
    ),
    path("soknader/<int:pk>/dokumenter/<int:dokument_pk>.pdf", views.dokument, name="dokument"),
    path("soknader/<int:pk>/rapport/", views.rapport_ny, name="rapport_ny"),
    path("rapporter/<int:pk>/godkjenn/", views.rapport_godkjenn, name="rapport_godkjenn"),
    path("tildelinger/<int:pk>/", views.tildeling_detail, name="tildeling"),
    path(
        "tildelinger/<int:pk>/utbetaling/", views.tildeling_utbetaling, name="tildeling_utbetaling"
    ),
    path("tildelinger/<int:pk>/rapport/", views.tildeling_rapport, name="tildeling_rapport"),
    # The case record: the journal (postjournal) and its export
    path("journal/", views.journal, name="journal"),
    path("journal/eksport.<str:format>", views.journal_eksport, name="journal_eksport"),
    path("journal/arkivuttrekk/", views.arkivuttrekk, name="arkivuttrekk"),
    # Overviews
    re_path(r"^kommuner/(?P<kommunenummer>\d{4})/$", views.kommune_tilskudd, name="kommune"),
    path("oversikt/", views.oversikt, name="oversikt"),
    path(
        "oversikt/eksport/<slug:tabell>.<str:format>",
        views.oversikt_eksport,
        name="oversikt_eksport",
    ),
]

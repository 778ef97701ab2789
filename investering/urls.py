from django.urls import path, re_path
from django.views.generic import RedirectView

from . import views

app_name = "investering"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="investering:mote_list"), name="index"),
    path("moter/", views.mote_list, name="mote_list"),
    path("moter.<str:fmt>", views.mote_export, name="mote_export"),
    path("mine-kommuner/", views.mine_kommuner, name="mine_kommuner"),
    path("team/", views.team, name="team"),
    path("team/<slug:slug>/", views.team_admin, name="team_admin"),
    path("team/<slug:slug>/medlemmer/", views.teammedlem_add, name="teammedlem_add"),
    # A kommune number is four digits; anything else is no page (404), not a 500.
    re_path(
        r"^team/(?P<slug>[-\w]+)/ledere/(?P<kommunenummer>\d{4})/$",
        views.investeringsleder_set,
        name="investeringsleder_set",
    ),
    path(
        "team/<slug:slug>/medlemmer/<int:pk>/avslutt/",
        views.teammedlem_avslutt,
        name="teammedlem_avslutt",
    ),
    path("mote/ny/", views.mote_create, name="mote_create"),
    path("mote/<int:pk>/", views.mote_detail, name="mote_detail"),
    path("mote/<int:pk>/rediger/", views.mote_edit, name="mote_edit"),
    path("mote/<int:pk>/referat/", views.mote_referat, name="mote_referat"),
    path("mote/<int:pk>/historikk/", views.mote_historikk, name="mote_historikk"),
    path("mote/<int:pk>/referat.pdf", views.mote_pdf, name="mote_pdf"),
    path("mote/<int:pk>/beslutning/", views.beslutning_add, name="beslutning_add"),
    path("mote/<int:pk>/oppfolging/", views.oppfolging_add, name="oppfolging_add"),
    path("moteserie/ny/", views.moteserie_create, name="moteserie_create"),
    path("oppfolging/", views.oppfolging_board, name="oppfolging_board"),
    path("oppfolging/<int:pk>/status/", views.punkt_status, name="punkt_status"),
    path("oppfolging/<int:pk>/notat/", views.punkt_notat, name="punkt_notat"),
    path("regelhinder/", views.regelhinder_list, name="regelhinder_list"),
    path("regelhinder/ny/", views.regelhinder_create, name="regelhinder_create"),
    path("regelhinder/<int:pk>/", views.regelhinder_detail, name="regelhinder_detail"),
    path("regelhinder/<int:pk>/rediger/", views.regelhinder_edit, name="regelhinder_edit"),
    path("regelhinder/<int:pk>/status/", views.regelhinder_status, name="regelhinder_status"),
    path("regelhinder.<str:fmt>", views.regelhinder_export, name="regelhinder_export"),
    path("sok/", views.sok, name="sok"),
    path("kalender/", views.kalender, name="kalender"),
    path("kalender/ny-lenke/", views.kalender_ny_lenke, name="kalender_ny_lenke"),
    path("kalender/<str:token>.ics", views.kalender_feed, name="kalender_feed"),
]

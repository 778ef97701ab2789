from django.urls import path, re_path

from . import views

app_name = "evaluering"

KODE = r"(?P<kode>\d{4}-H[12])"

urlpatterns = [
    path("", views.dashboard, name="dashboard_default"),
    path("refleksjon/", views.skjema_list, name="skjema_list"),
    path("refleksjon/<int:pk>/", views.skjema_detail, name="skjema"),
    path("refleksjon/<int:pk>/svar/", views.skjema_svar, name="skjema_svar"),
    path("rapporter/<int:pk>/status/", views.rapport_status, name="rapport_status"),
    path("rapporter/<int:pk>/pdf/", views.rapport_pdf, name="rapport_pdf"),
    path("rapporter/<int:pk>/grunnlag/", views.rapport_grunnlag, name="rapport_grunnlag"),
    path(
        "rapporter/<int:pk>/start-pa-nytt/",
        views.rapport_start_pa_nytt,
        name="rapport_start_pa_nytt",
    ),
    path("rapporter/<int:pk>/publiser/", views.rapport_publiser, name="rapport_publiser"),
    path("<slug:slug>/", views.dashboard, name="dashboard"),
    path("<slug:slug>/mal/", views.mal_list, name="mal"),
    path("<slug:slug>/refleksjon/ny/", views.skjema_ny, name="skjema_ny"),
    re_path(rf"^(?P<slug>[-\w]+)/{KODE}/rapporter/$", views.rapporter, name="rapporter"),
    re_path(
        rf"^(?P<slug>[-\w]+)/{KODE}/rapporter/ny/$", views.rapport_bestill, name="rapport_bestill"
    ),
    re_path(rf"^(?P<slug>[-\w]+)/{KODE}/vurdering/$", views.vurdering, name="vurdering"),
    re_path(
        rf"^(?P<slug>[-\w]+)/{KODE}/kommuner/(?P<kommunenummer>\d{{4}})/pdf/$",
        views.kommune_pdf,
        name="kommune_pdf",
    ),
    re_path(
        r"^(?P<slug>[-\w]+)/kommuner/(?P<kommunenummer>\d{4})/notater/$",
        views.notater,
        name="notater",
    ),
]

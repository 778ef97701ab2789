from django.urls import include, path, re_path

from . import views

app_name = "kommuner"

KOMMUNENUMMER = r"(?P<kommunenummer>\d{4})"

urlpatterns = [
    path("kommuner/", views.kommune_list, name="list"),
    re_path(rf"^kommuner/{KOMMUNENUMMER}/$", views.kommune_detail, name="detail"),
    re_path(rf"^kommuner/{KOMMUNENUMMER}/rediger/$", views.kommune_edit, name="edit"),
    path("piloter/", views.pilot_list, name="pilot_list"),
    path("piloter/<slug:slug>/", views.pilot_detail, name="pilot"),
    re_path(
        rf"^piloter/(?P<slug>[-\w]+)/kommuner/{KOMMUNENUMMER}/rediger/$",
        views.deltakelse_edit,
        name="deltakelse_edit",
    ),
    path("", include("kommuner.kunnskap.urls")),  # the knowledge base
]

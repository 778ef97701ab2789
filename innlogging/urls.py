from django.urls import path

from . import views

app_name = "innlogging"

urlpatterns = [
    path("innlogging/svar/", views.callback, name="callback"),
    path("innlogging/<slug:tilbyder>/", views.StartView.as_view(), name="start"),
    path("invitasjon/<str:token>/", views.invitasjon, name="invitasjon"),
    path("brukere/", views.bruker_list, name="bruker_list"),
    path("brukere/inviter/", views.inviter, name="inviter"),
    path("brukere/<int:pk>/", views.bruker_detail, name="bruker_detail"),
    path("brukere/<int:pk>/aktiv/", views.bruker_aktiv, name="bruker_aktiv"),
    path("brukere/invitasjoner/<int:pk>/", views.invitasjon_handling, name="invitasjon_handling"),
]

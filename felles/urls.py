from django.urls import path

from . import views

app_name = "varsler"

urlpatterns = [
    path("", views.varsel_list, name="list"),
    path("innstillinger/", views.innstillinger, name="innstillinger"),
    path("alle-lest/", views.varsler_alle_lest, name="alle_lest"),
    path("<int:pk>/lest/", views.varsel_lest, name="lest"),
]

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _

from innlogging import views as innlogging_views
from kommuner import views as kommune_views

from . import sider, views
from .auth import PassordEndreSkjema

admin.site.site_header = _("Velferdspilot – administrasjon")
admin.site.site_title = _("Velferdspilot")

auth_patterns = [
    path(
        "logg-inn/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    # Ends the portal session, and the provider's after a sign-in through one.
    path("logg-ut/", innlogging_views.logg_ut, name="logout"),
    path(
        "passord/endre/",
        auth_views.PasswordChangeView.as_view(form_class=PassordEndreSkjema),
        name="password_change",
    ),
    path(
        "passord/endre/ferdig/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("passord/glemt/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "passord/glemt/sendt/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "passord/ny/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "passord/ny/ferdig/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("helse/", views.helse, name="helse"),
    path("tilgjengelighet/", sider.tilgjengelighet, name="tilgjengelighet"),
    path("personvern/", sider.personvern, name="personvern"),
    path("om-portalen/", sider.om_portalen, name="om_portalen"),
    *auth_patterns,
    path("", include("kommuner.urls")),
    path("", include("innlogging.urls")),
    path("investering/", include("investering.urls")),
    path("tilskudd/", include("tilskudd.urls")),
    path("evaluering/", include("evaluering.urls")),
    path("varsler/", include("felles.urls")),
    # The language switch remembers a signed-in user's choice (Bruker.sprak).
    path("i18n/setlang/", kommune_views.sprak_velg, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

"""Every model registered in Django admin opens its list and add page for a superuser."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import BrukerFactory


@pytest.mark.django_db
def test_admin_pages_open(client):
    superuser = BrukerFactory(email="super@test.no", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    assert client.get(reverse("admin:index")).status_code == 200
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url
        if model_admin.has_add_permission(type("R", (), {"user": superuser})()):
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_add")
            assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_portal_users_without_staff_cannot_open_admin(client, kontakt_halden):
    client.force_login(kontakt_halden)
    assert client.get(reverse("admin:index")).status_code == 302

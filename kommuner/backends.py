"""The login backend: Django's ModelBackend, but the request's user is loaded with its
roles in the same query (``Bruker.objects.med_roller``), so a page pays one query for
the user and the roles together instead of two; the same query counts the user's unread
notifications for the navigation (``felles.varsler.uleste_annotasjon``)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from felles.varsler import uleste_annotasjon


class RolleBackend(ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        try:
            user = (
                model._default_manager.med_roller().annotate(**uleste_annotasjon()).get(pk=user_id)
            )
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

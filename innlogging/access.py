"""Who may administer users: admins (pilotledere) only. Views fetch users and
invitations through these helpers, never by id on their own."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from kommuner.access import is_admin
from kommuner.models import Bruker

from .models import Invitasjon


def may_manage_users(user) -> bool:
    return is_admin(user)


def get_bruker_for_admin_or_404(user, pk: int) -> Bruker:
    if not may_manage_users(user):
        raise PermissionDenied
    return get_object_or_404(Bruker.objects.select_related("kommune", "etat"), pk=pk)


def get_invitasjon_for_admin_or_404(user, pk: int) -> Invitasjon:
    if not may_manage_users(user):
        raise PermissionDenied
    return get_object_or_404(Invitasjon, pk=pk)

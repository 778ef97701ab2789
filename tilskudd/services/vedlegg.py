"""Writes for an application's attachments (the answer to a file question is one too)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from felles.vedlegg import sjekk_vedlegg
from kommuner.models import Bruker

from ..models import (
    Soknad,
    Vedlegg,
)


def vedlegg_create(*, soknad: Soknad, user: Bruker, fil: UploadedFile) -> Vedlegg:
    """Attach a file to a draft, if the attachment policy (felles.vedlegg)
    allows it: checked by content, at most 10 MB."""
    if not soknad.kan_redigeres:
        raise ValidationError(_("Søknaden er sendt inn og kan ikke endres."))
    sjekk = sjekk_vedlegg(fil)
    vedlegg = Vedlegg(soknad=soknad, navn=sjekk.navn, lastet_opp_av=user)
    vedlegg.fil.save(sjekk.navn, ContentFile(sjekk.data), save=False)
    try:
        vedlegg.full_clean()
        vedlegg.save()
    except Exception:
        vedlegg.fil.delete(save=False)
        raise
    return vedlegg


def vedlegg_delete(*, vedlegg: Vedlegg, user: Bruker) -> None:
    if not vedlegg.soknad.kan_redigeres:
        raise ValidationError(_("Søknaden er sendt inn og kan ikke endres."))
    vedlegg.fil.delete(save=False)
    vedlegg.delete()

"""Writes for a kommune's own content: measures (tiltak), the challenge picture,
attachments."""

from __future__ import annotations

import nh3
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils.html import linebreaks

from felles.vedlegg import sjekk_vedlegg

from ...models import Bruker, Kommune
from ..models import (
    Tiltak,
    Utfordringsbilde,
    Vedlegg,
)

# ---------------------------------------------------------------- tiltak


def tiltak_upsert(*, kommune: Kommune, navn: str, tiltak: Tiltak | None = None, **fields) -> Tiltak:
    """Save ``tiltak`` (the one being edited) or else the kommune's tiltak named
    ``navn``, creating it when there is none. Saving what is already stored writes no
    new history row."""
    unknown = set(fields) - set(Tiltak.REDIGERBARE_FELT)
    if unknown:
        raise TypeError(f"Ukjente felt: {', '.join(sorted(unknown))}")
    if tiltak is None:
        tiltak = Tiltak.objects.filter(kommune=kommune, navn=navn).first()
    tiltak = tiltak or Tiltak(kommune=kommune)
    fields["navn"] = navn
    if tiltak.pk and all(getattr(tiltak, k) == v for k, v in fields.items()):
        return tiltak
    for name, value in fields.items():
        setattr(tiltak, name, value)
    tiltak.full_clean()
    tiltak.save()
    return tiltak


# ---------------------------------------------------------------- utfordringsbilde

TILLATTE_TAGGER = {"p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "h3", "h4", "blockquote"}


def rens_html(html: str) -> str:
    """Keep paragraphs, lists and emphasis; drop everything else (scripts, styles,
    attributes, links). Plain text becomes paragraphs."""
    html = html or ""
    if "<" not in html:
        html = linebreaks(html)
    return nh3.clean(html, tags=TILLATTE_TAGGER, attributes={}).strip()


def utfordringsbilde_upsert(
    *, kommune: Kommune, tekst: str, malgrupper: str, tema: str, bruker: Bruker | None
) -> Utfordringsbilde:
    bilde = Utfordringsbilde.objects.filter(kommune=kommune).first() or Utfordringsbilde(
        kommune=kommune
    )
    tekst = rens_html(tekst)
    if bilde.pk and (bilde.tekst, bilde.malgrupper, bilde.tema) == (tekst, malgrupper, tema):
        return bilde  # unchanged: no new version
    bilde.tekst = tekst
    bilde.malgrupper = malgrupper
    bilde.tema = tema
    bilde.endret_av = bruker
    bilde.full_clean()
    bilde.save()
    return bilde


# ---------------------------------------------------------------- vedlegg


def vedlegg_create(*, kommune: Kommune, fil: File, beskrivelse: str, bruker: Bruker) -> Vedlegg:
    """Store an attachment the attachment policy allows (felles.vedlegg)."""
    try:
        sjekk = sjekk_vedlegg(fil)
    except ValidationError as exc:
        raise ValidationError({"fil": exc.messages}) from exc
    vedlegg = Vedlegg(
        kommune=kommune,
        navn=sjekk.navn,
        beskrivelse=beskrivelse,
        type=sjekk.type,
        storrelse=len(sjekk.data),
        lastet_opp_av=bruker,
    )
    vedlegg.fil.save("vedlegg", ContentFile(sjekk.data), save=False)
    try:
        vedlegg.full_clean()
        vedlegg.save()
    except Exception:
        vedlegg.fil.delete(save=False)
        raise
    return vedlegg


def vedlegg_delete(*, vedlegg: Vedlegg) -> None:
    storage, name = vedlegg.fil.storage, vedlegg.fil.name
    vedlegg.delete()
    transaction.on_commit(lambda: storage.delete(name))

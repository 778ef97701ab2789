"""The kommune's knowledge base: the page (kept per kommune, periods, permissions
and language) and registering a period's values."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from felles import skjematoken
from felles.datastand import Del, hurtig_fragment
from felles.forms import feil_til_skjema
from felles.meldinger import skjema_utfor
from felles.paginering import lenkegrunnlag
from kommuner.apps import BRUKERE, KUNNSKAP_KOMMUNE, KUNNSKAP_SNITT, REGISTER

from ... import access
from .. import access as access_kunnskap
from .. import selectors as sel
from .. import services as svc
from ..forms import PeriodeValgForm, PeriodeVerdierForm
from ..models import Indikatorverdi, periode_sort_key
from ._felles import _ctx, _kommune


@login_required
def kunnskapsgrunnlag(request, kommunenummer):
    """A kommune's indicator values, baselines and averages, and for an approver the
    values awaiting approval and SSB's conflicting figures. Who may read, edit and
    approve is decided here, per request; the page below its heading is kept rendered
    for those rights (``_innhold``), its forms' tokens put in per request."""
    kommune = _kommune(request, kommunenummer)
    kan_redigere = access.can_edit_kommune_data(request.user, kommune)
    kan_godkjenne = access_kunnskap.can_approve_values(request.user, kommune)
    innhold = _innhold(
        kommune=kommune,
        side=request.GET.get("perioder"),
        kan_redigere=kan_redigere,
        kan_godkjenne=kan_godkjenne,
        kan_ssb=access_kunnskap.can_manage_ssb(request.user),
    )
    ctx = _ctx(
        request,
        kommune,
        "kunnskapsgrunnlag",
        kan_redigere=kan_redigere,
        innhold=skjematoken.sett_inn(request, innhold),
    )
    return render(request, "kommuner/kunnskap/kunnskapsgrunnlag.html", ctx)


@hurtig_fragment(
    "kommuner/kunnskap/_kunnskapsgrunnlag.html",
    grupper=(Del(KUNNSKAP_KOMMUNE, "kommune"), KUNNSKAP_SNITT, REGISTER, BRUKERE),
)
def _innhold(*, kommune, side, kan_redigere, kan_godkjenne, kan_ssb) -> dict:
    """The page below its heading: the indicator tables and charts (30 indicators × 8
    periods at national scale, 250 KB of HTML and most of the page's time) of a page
    of periods, and for an approver the values awaiting approval and open SSB
    conflicts, rendered once per kommune, page of periods and rights and kept until
    this kommune's own values or baselines change (its part of ``KUNNSKAP_KOMMUNE``),
    an indicator or an SSB conflict changes (the whole group), the participating
    kommuner's averages change (``KUNNSKAP_SNITT``: an approved value or a
    participation, not a draft), the kommune itself (its number is in the links:
    ``REGISTER``) or the name of who submitted a value (``BRUKERE``)
    (``felles.datastand``). A write to another kommune's drafts leaves it in use. The
    forms' tokens are placeholders (``felles.skjematoken``): nothing of the reader."""
    periodeside = sel.periodeside(kommune=kommune, med_utkast=kan_redigere, side=side)
    perioder = sorted(periodeside.object_list, key=periode_sort_key)
    _perioder, rader = sel.indikatortabell(
        kommune=kommune, med_utkast=kan_redigere, perioder=perioder
    )
    return {
        **skjematoken.plassholder(),
        "kommune": kommune,
        "periodeside": periodeside,
        "perioder": perioder,
        "lenkegrunnlag": lenkegrunnlag([("perioder", [side])] if side is not None else []),
        "rader": rader,
        "blokker": [
            _indikator(
                kommunenummer=kommune.kommunenummer, kan_redigere=kan_redigere, rad=_innhold_av(r)
            )
            for r in rader
        ],
        "kan_redigere": kan_redigere,
        "kan_godkjenne": kan_godkjenne,
        "kan_ssb": kan_ssb,
        "til_behandling": sel.til_behandling(kommune=kommune) if kan_godkjenne else [],
        "ssb_konflikter": sel.ssb_konflikter(kommune=kommune) if kan_godkjenne else [],
        "chart_data": [
            (f"diagram-{r.indikator.pk}", r.chart_data()) for r in rader if r.har_verdier
        ],
    }


def _innhold_av(rad: sel.Rad) -> dict:
    """Everything one indicator's card shows, as plain values (``_indikator``'s key)."""
    i = rad.indikator
    return {
        "indikator": {
            "pk": i.pk,
            "navn": i.navn,
            "enhet": str(i.get_enhet_display()),
            "retning": str(i.get_retning_display()),
            "kilde": i.kilde,
        },
        "nullpunkt": (
            {"verdi": rad.nullpunkt.verdi, "periode": rad.nullpunkt.periode}
            if rad.nullpunkt
            else None
        ),
        "celler": [
            {
                "periode": c.periode,
                "endring": c.endring,
                "snitt": c.snitt,
                "verdi": {f: getattr(c.verdi, f) for f in _VERDIFELT} if c.verdi else None,
            }
            for c in rad.celler
        ],
    }


# What the card shows of a value (the value, why it is missing, its source, its status
# and the approver's feedback, its page).
_VERDIFELT = ("pk", "verdi", "mangler_grunn", "opphav", "status", "tilbakemelding")


@hurtig_fragment("kommuner/kunnskap/_indikator.html", grupper=())
def _indikator(*, kommunenummer: str, kan_redigere: bool, rad: dict) -> dict:
    """One indicator's card on the knowledge-base page (its values over the page's
    periods, baseline and averages). Its arguments are everything it shows, as plain
    values (``_innhold_av``), so it is kept by its content and reads nothing: when one
    value changes, the page below the heading is rendered again (``_innhold``) but
    only that indicator's card is; the others (30 at national scale, most of the
    page's time) are read."""
    celler = [
        {**c, "verdi": Indikatorverdi(**c["verdi"]) if c["verdi"] else None} for c in rad["celler"]
    ]
    return {
        "kommunenummer": kommunenummer,
        "kan_redigere": kan_redigere,
        "rad": {**rad, "celler": celler, "har_verdier": any(c["verdi"] for c in celler)},
    }


@login_required
def periode_registrer(request, kommunenummer):
    kommune = _kommune(request, kommunenummer, edit=True)
    valg = PeriodeValgForm(request.GET or None)
    if not valg.is_valid():
        return render(
            request,
            "kommuner/kunnskap/periode_velg.html",
            _ctx(request, kommune, "kunnskapsgrunnlag", valg=valg),
        )
    periode = valg.cleaned_data["periode"]
    rader = sel.periodeskjema(kommune=kommune, periode=periode)
    form = PeriodeVerdierForm(request.POST or None, rader=rader)
    status = 200
    if request.method == "POST" and form.is_valid():
        send_inn = "send_inn" in request.POST
        ok = (
            _("Verdiene for %(p)s er sendt inn.")
            if send_inn
            else _("Utkastet for %(p)s er lagret.")
        )
        utfall = skjema_utfor(
            request,
            form,
            lambda: svc.periode_upsert(
                kommune=kommune,
                periode=periode,
                verdier=form.verdier(),
                versjoner=form.versjoner(),
                bruker=request.user,
                send_inn=send_inn,
            ),
            ok=ok % {"p": periode},
            konflikt=svc.KONFLIKT,
        )
        if utfall:
            _advarsler_som_meldinger(request, utfall.verdi)
            return redirect("kommuner:kunnskapsgrunnlag", kommune.kommunenummer)
        status = utfall.status
        if status == 409:
            # Show the user's input on the rows as they are now, and say why.
            form = form.med_naavaerende_versjoner(
                sel.periodeskjema(kommune=kommune, periode=periode)
            )
            form.is_valid()
            feil_til_skjema(form, utfall.feil)
        form.add_error(None, _("Ingenting er lagret."))
    return render(
        request,
        "kommuner/kunnskap/periode_form.html",
        _ctx(
            request,
            kommune,
            "kunnskapsgrunnlag",
            form=form,
            periode=periode,
            forrige=svc.forrige_periode(periode),
        ),
        status=status,
    )


def _advarsler_som_meldinger(request, verdier) -> None:
    """Warnings never stop a save; the user is told of each flagged value."""
    for verdi in verdier:
        if verdi.advarsler:
            messages.warning(
                request,
                _("Advarsel for «%(ind)s» i %(p)s: %(tekst)s")
                % {
                    "ind": verdi.indikator.navn,
                    "p": verdi.periode,
                    "tekst": " ".join(verdi.advarsel_tekster),
                },
            )

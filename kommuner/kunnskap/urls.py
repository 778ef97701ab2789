"""URLs of the knowledge base, included into the ``kommuner`` namespace."""

from django.urls import re_path

from . import views as v
from .ssb import views as ssb

K = r"^kommuner/(?P<kommunenummer>\d{4})"
FMT = r"(?P<fmt>csv|xlsx)"

urlpatterns = [
    re_path(r"^kommuner/virkemidler/$", v.virkemiddel_list, name="virkemidler"),
    re_path(r"^kommuner/virkemidler/nytt/$", v.virkemiddel_edit, name="virkemiddel_create"),
    re_path(
        r"^kommuner/virkemidler/(?P<pk>\d+)/rediger/$", v.virkemiddel_edit, name="virkemiddel_edit"
    ),
    re_path(r"^kommuner/indikatorer/$", v.indikator_list, name="indikatorer"),
    re_path(r"^kommuner/indikatorer/ny/$", v.indikator_edit, name="indikator_create"),
    re_path(
        r"^kommuner/indikatorer/(?P<pk>\d+)/rediger/$", v.indikator_edit, name="indikator_edit"
    ),
    re_path(r"^kommuner/valideringsregler/$", v.valideringsregel_list, name="valideringsregler"),
    re_path(
        r"^kommuner/valideringsregler/ny/$", v.valideringsregel_edit, name="valideringsregel_create"
    ),
    re_path(
        r"^kommuner/valideringsregler/(?P<pk>\d+)/rediger/$",
        v.valideringsregel_edit,
        name="valideringsregel_edit",
    ),
    re_path(r"^piloter/(?P<slug>[-\w]+)/datakvalitet/$", v.datakvalitet, name="datakvalitet"),
    re_path(r"^kommuner/ssb/$", ssb.ssb_oversikt, name="ssb"),
    re_path(r"^kommuner/ssb/hentinger/(?P<pk>\d+)/$", ssb.ssb_kjoring, name="ssb_kjoring"),
    re_path(r"^kommuner/ssb/kommunenummer/$", ssb.ssb_klass, name="ssb_klass"),
    re_path(r"^kommuner/indikatorer/(?P<pk>\d+)/ssb/$", ssb.ssb_kilde, name="ssb_kilde"),
    re_path(
        rf"{K}/kunnskapsgrunnlag/ssb-konflikter/(?P<pk>\d+)/$",
        ssb.ssb_konflikt,
        name="ssb_konflikt",
    ),
    re_path(rf"{K}/kunnskapsgrunnlag/$", v.kunnskapsgrunnlag, name="kunnskapsgrunnlag"),
    re_path(rf"{K}/kunnskapsgrunnlag/registrer/$", v.periode_registrer, name="periode_registrer"),
    re_path(rf"{K}/kunnskapsgrunnlag/last-opp/$", v.opplasting, name="opplasting"),
    re_path(
        rf"{K}/kunnskapsgrunnlag/last-opp/bekreft/$",
        v.opplasting_bekreft,
        name="opplasting_bekreft",
    ),
    re_path(rf"{K}/kunnskapsgrunnlag/mal\.{FMT}$", v.mal, name="mal"),
    re_path(rf"{K}/kunnskapsgrunnlag/eksport\.{FMT}$", v.eksport_kommune, name="eksport_kommune"),
    re_path(rf"{K}/kunnskapsgrunnlag/godkjenn/$", v.godkjenn_alle, name="godkjenn_alle"),
    re_path(rf"{K}/kunnskapsgrunnlag/verdier/(?P<pk>\d+)/behandle/$", v.behandle, name="behandle"),
    re_path(rf"{K}/kunnskapsgrunnlag/verdier/(?P<pk>\d+)/gjenapne/$", v.gjenapne, name="gjenapne"),
    re_path(
        rf"{K}/kunnskapsgrunnlag/verdier/(?P<pk>\d+)/historikk/$",
        v.verdi_historikk,
        name="verdi_historikk",
    ),
    re_path(
        rf"{K}/kunnskapsgrunnlag/nullpunkt/(?P<indikator_pk>\d+)/$", v.nullpunkt, name="nullpunkt"
    ),
    re_path(rf"{K}/tiltak/$", v.tiltak_list, name="tiltak"),
    re_path(rf"{K}/tiltak/nytt/$", v.tiltak_edit, name="tiltak_create"),
    re_path(rf"{K}/tiltak/(?P<pk>\d+)/$", v.tiltak_detail, name="tiltak_detail"),
    re_path(rf"{K}/tiltak/(?P<pk>\d+)/rediger/$", v.tiltak_edit, name="tiltak_edit"),
    re_path(rf"{K}/utfordringsbilde/$", v.utfordringsbilde, name="utfordringsbilde"),
    re_path(
        rf"{K}/utfordringsbilde/rediger/$", v.utfordringsbilde_edit, name="utfordringsbilde_edit"
    ),
    re_path(rf"{K}/vedlegg/$", v.vedlegg_list, name="vedlegg"),
    re_path(rf"{K}/vedlegg/(?P<pk>\d+)/$", v.vedlegg_last_ned, name="vedlegg_last_ned"),
    re_path(rf"{K}/vedlegg/(?P<pk>\d+)/slett/$", v.vedlegg_slett, name="vedlegg_slett"),
    re_path(rf"{K}/kunnskapspakke/$", v.kunnskapspakke, name="kunnskapspakke"),
    re_path(rf"{K}/kunnskapspakke\.pdf$", v.kunnskapspakke_pdf, name="kunnskapspakke_pdf"),
    re_path(
        rf"^kommuner/indikatorer/(?P<pk>\d+)/eksport\.{FMT}$",
        v.eksport_indikator,
        name="eksport_indikator",
    ),
]

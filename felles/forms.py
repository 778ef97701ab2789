"""Form helpers shared by the apps."""

import copy
import html

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from . import oversatt, varselslag
from .laas import Foreldet


def _escape(tekst) -> str:
    """``conditional_escape`` without its wrapping: Django's ``escape`` is
    ``html.escape(str(tekst))``, and text marked safe stays as it is."""
    return conditional_escape(tekst) if hasattr(tekst, "__html__") else html.escape(str(tekst))


class RaskSelect(forms.Select):
    """A select whose options are written in Python instead of through one template per
    option: the same HTML as Django's ``Select``, but a filter of 357 kommuner took
    20 ms to render the Django way, half of the application queue's time. The options
    are written straight from the choices, one string each (not through ``optgroups``,
    which builds a dictionary of attributes per option: a quarter of a warm
    dashboard's time for its four filters). One choice only (``SelectMultiple`` is not
    one)."""

    allow_multiple_selected = False

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        valgt = set(self.format_value(value))
        deler = [format_html('<select name="{}"{}>', name, flatatt(attrs))]
        funnet = False

        def valg(verdi, etikett) -> str:
            nonlocal funnet
            tekst = "" if verdi is None else str(verdi)
            merket = not funnet and tekst in valgt  # one selected, as Django's
            funnet |= merket
            return (
                f'<option value="{html.escape(tekst)}"{" selected" if merket else ""}>'
                f"{_escape(etikett)}</option>"
            )

        for verdi, etikett in self.choices:
            if isinstance(etikett, list | tuple):
                deler.append(format_html('<optgroup label="{}">', verdi))
                deler.extend(valg(v, e) for v, e in etikett)
                deler.append("</optgroup>")
            else:
                deler.append(valg(verdi, etikett))
        deler.append("</select>")
        return mark_safe("".join(deler))  # noqa: S308 (every part escaped)


class FilterForm:
    """Mixin for GET filter forms above lists: every field a Bootstrap select (written
    by ``RaskSelect``), rendered by ``templates/includes/filterfelt.html``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select")
            if type(field.widget) is forms.Select:
                field.widget.__class__ = RaskSelect


# A primary key the database can hold: PostgreSQL bigint and SQLite INTEGER are signed
# 64-bit. A longer number from a tampered form would otherwise reach the database driver
# and end in OverflowError (a 500) instead of "Velg et gyldig valg".
MAKS_ID = 2**63 - 1


class FlereValgField(forms.ModelMultipleChoiceField):
    """``ModelMultipleChoiceField`` that refuses ids the database cannot hold with the
    field's normal "invalid choice" error. Use it for every multiple choice of rows (in a
    ``ModelForm``, through ``Meta.field_classes``); a test checks every form."""

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        field = self.queryset.model._meta.get_field(key) if key != "pk" else None
        field = field or self.queryset.model._meta.pk
        if field.get_internal_type() in _HELTALLSFELT:
            for pk in value:
                text = str(pk).strip()
                if text.lstrip("-").isdigit() and abs(int(text)) > MAKS_ID:
                    raise ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": pk},
                    )
        return super()._check_values(value)


_HELTALLSFELT = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
}


def feil_til_skjema(form: forms.Form, exc: ValidationError) -> int:
    """Show a service's ``ValidationError`` on the form: errors keyed by a field the form
    has go beside that field, the rest (and plain messages) above the form. The one way
    every view does this. Returns the status to answer with: 409 when the form was
    opened at an older version (``felles.laas.Foreldet``), else 200."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)
    return 409 if isinstance(exc, Foreldet) else 200


def gjeldende_versjon_i_skjema(form: forms.Form, exc: Foreldet) -> None:
    """After ``Foreldet``: the form keeps what the user typed and now carries the
    version stored, so that saving again, once the page has said who changed what, is
    a knowing choice and not refused for ever."""
    form.data = form.data.copy()
    form.data["versjon"] = str(exc.gjeldende.versjon)


UTDATERT_SIDE = _("Siden du brukte er utdatert. Last den inn på nytt og prøv igjen.")


class VersjonField(forms.IntegerField):
    """The version of the row a form was opened at (hidden), which the service checks
    with ``felles.laas``. A post without it comes from an outdated page."""

    widget = forms.HiddenInput
    default_error_messages = {"required": UTDATERT_SIDE, "invalid": UTDATERT_SIDE}

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        super().__init__(**kwargs)

    def run_validators(self, value):
        try:
            super().run_validators(value)
        except ValidationError as exc:
            raise ValidationError(UTDATERT_SIDE, code="invalid") from exc


class MedVersjon(forms.Form):
    """A form that edits a versioned row: the hidden ``versjon`` it was opened at. Its
    error (an outdated page) is shown above the form, where a hidden field's error
    would otherwise not show."""

    versjon = VersjonField()

    def clean(self):
        cleaned = super().clean()
        if "versjon" in self._errors:
            self.add_error(None, list(self._errors.pop("versjon").as_data()))
        return cleaned


class EpostvalgForm(forms.Form):
    """The notification settings: one checkbox per registered kind, "email on", grouped
    by the app that sends it (``grupper``)."""

    def __init__(self, *args, valg: dict[str, bool], **kwargs):
        super().__init__(*args, **kwargs)
        self._grupper = varselslag.per_app()
        for _app, slagene in self._grupper:
            for slag in slagene:
                self.fields[slag.verdi] = forms.BooleanField(
                    label=slag.navn,
                    required=False,
                    initial=valg.get(slag.verdi, True),
                    widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
                )

    def grupper(self) -> list[tuple[str, list]]:
        """``[(the app's name, [bound field, …]), …]`` for the page."""
        return [
            (varselslag.app_navn(app), [self[slag.verdi] for slag in slagene])
            for app, slagene in self._grupper
        ]

    def paa(self) -> set[str]:
        return {slag for slag in varselslag.alle() if self.cleaned_data.get(slag)}


_SPRAKNAVN = {"nn": _("nynorsk"), "en": _("engelsk")}
_MANGLER = {
    "nn": _("Mangler nynorsk: lesere på nynorsk ser bokmålsteksten."),
    "en": _("Mangler engelsk: lesere på engelsk ser bokmålsteksten."),
}


class SprakSkjema:
    """A form with texts that are data (``sprakfelt``: the names of translated fields,
    ``felles.oversatt``): the field ``navn`` is the bokmål text (required where the model
    requires it), and the form adds ``navn_nn`` and ``navn_en`` after it, optional, each
    marked "mangler" while the row has bokmål and no text in that language (the reader
    sees bokmål). The service stores them with ``felles.oversatt.sett_tekster``.
    ``sprak_obj`` (or a ModelForm's instance) gives the stored texts."""

    sprakfelt: tuple[str, ...] = ()

    def __init__(self, *args, sprak_obj=None, **kwargs):
        super().__init__(*args, **kwargs)
        obj = sprak_obj or getattr(self, "instance", None)
        if obj is not None and not obj.pk:
            obj = None
        lagret = oversatt.tekster(obj, self.sprakfelt)
        felt = {}
        for navn, field in self.fields.items():
            felt[navn] = field
            if navn not in self.sprakfelt:
                continue
            grunn = field.label or capfirst(navn)
            field.label = format_lazy("{} ({})", grunn, _("bokmål"))
            if obj is not None:
                self.initial[navn] = lagret[navn]
            for sprak in oversatt.SPRAK[1:]:
                kopi = copy.deepcopy(field)
                kopi.required = False
                kopi.label = format_lazy("{} ({})", grunn, _SPRAKNAVN[sprak])
                kopi.help_text = ""
                if obj is not None:
                    self.initial[f"{navn}_{sprak}"] = lagret[f"{navn}_{sprak}"]
                    if lagret[navn] and not lagret[f"{navn}_{sprak}"]:
                        kopi.help_text = _MANGLER[sprak]
                felt[f"{navn}_{sprak}"] = kopi
        self.fields = felt

    def _post_clean(self):
        # A ModelForm puts the values on its instance to validate it: the base field
        # must take the bokmål text, whatever the editor's language.
        with oversatt.bokmal():
            super()._post_clean()

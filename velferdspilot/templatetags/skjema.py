"""``{% bootstrap_felter form %}``: a form's fields as Bootstrap 5 markup, the same as
django-crispy-forms' bootstrap5 pack gives for ``{{ form|crispy }}`` (a ``mb-3`` block
per field: the label with its required mark, the input with ``form-control`` and, when
the field has errors, ``is-invalid`` and ``aria-invalid``, the errors in an
``invalid-feedback`` block and the help text, both named by the input's
``aria-describedby``; the form's own errors first in an alert).

For forms of text inputs (password, email, text, number …) and selects; a form with
checkboxes, radio buttons or files keeps ``|crispy``. Text inputs are written in Python
in one pass, the rest rendered by Django as crispy does (``as_widget`` with the same
classes): crispy's nested templates cost about a millisecond and a half of the
password-change page, the lightest page behind the login.

A form class that says its unbound fields are the same for everyone
(``felter_like_for_alle = True``: no initial value, no choices, nothing of the user or
the data in a label, help text or attribute) has them written once per process,
prefix and language while unbound (as ``{% prosessfast %}``; a changed setting starts
afresh). A bound form, with its values and errors, is always written anew."""

from django import template
from django.forms.widgets import Select
from django.utils.html import conditional_escape, escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from velferdspilot.templatetags.ramme import _generasjon

register = template.Library()

_STJERNE = '<span class="asteriskField">*</span>'

# Django's widgets whose template is only django/forms/widgets/input.html.
_TEKSTFELT = {
    f"django/forms/widgets/{navn}.html"
    for navn in ("input", "text", "password", "email", "number", "url", "search", "tel")
}


def _inndata(felt, klasser: str) -> str:
    widget = felt.field.widget
    attrs = felt.build_widget_attrs({"class": klasser}, widget)
    if felt.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", felt.auto_id)
    if widget.template_name not in _TEKSTFELT:
        return felt.as_widget(attrs=attrs)
    # As django/forms/widgets/input.html and attrs.html render it.
    kontekst = widget.get_context(felt.html_name, felt.value(), attrs)["widget"]
    verdi = kontekst["value"]
    deler = [f'<input type="{escape(kontekst["type"])}" name="{escape(kontekst["name"])}"']
    if verdi is not None:
        deler.append(f' value="{escape(verdi)}"')
    for navn, attr in kontekst["attrs"].items():
        if attr is True:
            deler.append(f" {escape(navn)}")
        elif attr is not False:
            deler.append(f' {escape(navn)}="{escape(attr)}"')
    deler.append(">")
    return "".join(deler)


def _felt(felt) -> str:
    if felt.is_hidden:
        return str(felt)
    # A lazy help text (the password rules', made from every validator's) would be
    # made again each time it is read: by the input's aria-describedby and below.
    felt.help_text = str(felt.help_text)
    feil = felt.errors
    widget = felt.field.widget
    klasser = type(widget).__name__.lower() + (
        " form-select" if isinstance(widget, Select) else " form-control"
    )
    if feil:
        klasser += " is-invalid"
    påkrevd = felt.field.required
    id_ = escape(felt.auto_id)
    deler = [f'<div id="div_{id_}" class="mb-3">']
    if felt.label:
        deler.append(
            f'<label for="{escape(felt.id_for_label)}" class="form-label'
            f'{" requiredField" if påkrevd else ""}">{conditional_escape(felt.label)}'
            f"{_STJERNE if påkrevd else ''}</label>"
        )
    deler.append(_inndata(felt, klasser))
    if feil:
        deler.append(f'<div id="{id_}_error" class="invalid-feedback">')
        deler.extend(
            f'<p id="error_{nr}_{id_}"><strong>{conditional_escape(tekst)}</strong></p>'
            for nr, tekst in enumerate(feil, 1)
        )
        deler.append("</div>")
    hjelp = felt.help_text  # made a string once, before the input asks for it
    if hjelp:
        # As crispy: help_text|safe (the form's own text, e.g. the password rules' list).
        deler.append(f'<div id="{id_}_helptext" class="form-text">{hjelp}</div>')
    deler.append("</div>")
    return "".join(deler)


_ubundne: dict[tuple, SafeString] = {}


@register.simple_tag
def bootstrap_felter(form) -> SafeString:
    if form.is_bound or not getattr(form, "felter_like_for_alle", False):
        return _felter(form)
    nokkel = (type(form), form.prefix, form.auto_id, get_language(), _generasjon[0])
    html = _ubundne.get(nokkel)
    if html is None:
        html = _ubundne[nokkel] = _felter(form)
    return html


def _felter(form) -> SafeString:
    deler = []
    if form.non_field_errors():
        deler.append(
            format_html(
                '<div class="alert alert-block alert-danger"><ul class="m-0">{}</ul></div>',
                format_html_join("", "<li>{}</li>", ((f,) for f in form.non_field_errors())),
            )
        )
    deler.extend(_felt(felt) for felt in form)
    return mark_safe("".join(deler))  # noqa: S308 (every text and attribute escaped above)

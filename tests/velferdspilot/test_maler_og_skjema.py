"""Rules every template and every form keeps."""

import re
from pathlib import Path

from django import forms
from django.apps import apps
from django.conf import settings

from felles.forms import MAKS_ID, FlereValgField

TITLE_BLOCK = re.compile(r"{%\s*block title\s*%}(.*?){%\s*endblock", re.S)
TAG = re.compile(r"{%.*?%}|{{.*?}}", re.S)


def test_no_template_title_block_holds_markup():
    # The <title> is plain text: markup there shows raw to the user (and to screen
    # readers announcing the page).
    feil = []
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        for block in TITLE_BLOCK.findall(path.read_text(encoding="utf-8")):
            if "<" in TAG.sub("", block) or "|safe" in block:
                feil.append(str(path))
    assert feil == []


def _project_forms():
    import importlib
    import pkgutil

    for app in ("kommuner", "investering", "tilskudd", "evaluering"):
        package = importlib.import_module(app)
        for info in pkgutil.iter_modules(package.__path__):
            if info.name.startswith("forms"):
                module = importlib.import_module(f"{app}.{info.name}")
                for value in vars(module).values():
                    if (
                        isinstance(value, type)
                        and issubclass(value, forms.BaseForm)
                        and value.__module__ == module.__name__
                    ):
                        yield value


def test_every_multiple_choice_of_rows_refuses_ids_the_database_cannot_hold():
    plain = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in _project_forms()
        for name, field in form.base_fields.items()
        if isinstance(field, forms.ModelMultipleChoiceField)
        and not isinstance(field, FlereValgField)
    ]
    assert apps.ready and plain == []


def test_id_beyond_64_bits_is_an_invalid_choice(db):
    from kommuner.models import Kommune

    field = FlereValgField(queryset=Kommune.objects.all())
    for value in (str(MAKS_ID + 1), "99999999999999999999", "-99999999999999999999"):
        try:
            field.clean([value])
        except forms.ValidationError as exc:
            assert exc.code == "invalid_choice"
        else:
            raise AssertionError(value)

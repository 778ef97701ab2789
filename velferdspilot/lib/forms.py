"""Form helpers shared by the apps."""


class FilterForm:
    """Mixin for GET filter forms above lists: every field a Bootstrap select, rendered
    by ``templates/includes/filterfelt.html``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select")

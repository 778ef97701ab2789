"""Login helpers."""


def axes_username(request, credentials) -> str | None:
    """The username django-axes locks on: the email, lower-cased, so that
    'Kari@Demo.no' and 'kari@demo.no' count as the same person (as the login does)."""
    source = credentials if credentials else request.POST
    username = (source or {}).get("username")
    return username.strip().lower() if username else None

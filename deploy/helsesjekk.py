"""Container healthcheck for the web service: GET /helse/ on the local gunicorn with
the first configured host name (Django refuses unknown Host headers, so a bare
127.0.0.1 would get 400). Exit 0 when the database answers. No Django import: fast."""

import os
import sys
import urllib.error
import urllib.request

host = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost").split(",")[0].strip() or "localhost"
port = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000").rsplit(":", 1)[-1]
request = urllib.request.Request(
    f"http://127.0.0.1:{port}/helse/",
    headers={"Host": host, "X-Forwarded-Proto": "https"},
)
try:
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - fixed URL
        sys.exit(0 if response.status == 200 else 1)
except (urllib.error.URLError, OSError) as exc:
    print(f"helse: {exc}", file=sys.stderr)
    sys.exit(1)

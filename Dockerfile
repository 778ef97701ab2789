# The portal's image in two stages: front-end files from npm in the first, a slim
# Python runtime without Node in the second. Runs as a non-root user.

FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM python:3.11-slim-bookworm AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=velferdspilot.settings.production
# libharfbuzz-subset0: WeasyPrint subsets the PDFs' fonts with it instead of fontTools
# (the knowledge package PDF: 2.06 → 1.52 s of CPU, docs/ytelse.md).
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    libharfbuzz-subset0 fonts-dejavu-core postgresql-client \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --create-home --home-dir /home/velferdspilot velferdspilot
WORKDIR /app
# The same lock as development and CI (uv.lock), without the dev group: uv comes from
# tools/uv-krav.txt by hash, then `uv sync --locked` installs exactly the lock into /venv.
COPY pyproject.toml uv.lock ./
COPY tools/uv-krav.txt tools/
RUN python -m venv /opt/uv \
 && /opt/uv/bin/pip install --no-cache-dir --no-deps --only-binary :all: --require-hashes \
    -r tools/uv-krav.txt \
 && UV_PROJECT_ENVIRONMENT=/venv UV_PYTHON_DOWNLOADS=never UV_NO_CACHE=1 \
    /opt/uv/bin/uv sync --locked --no-dev --python /usr/local/bin/python \
 && rm -rf /opt/uv
ENV PATH=/venv/bin:$PATH
COPY --from=assets /build/node_modules ./node_modules
COPY . .
# collectstatic writes hashed names (manifest); the key and address exist only here.
RUN DJANGO_SECRET_KEY=collectstatic-$(python -c "import secrets;print(secrets.token_urlsafe(64))") \
    DJANGO_PORTAL_URL=https://build.invalid \
    python manage.py collectstatic --noinput \
 && mkdir -p /app/private-media /beat \
 && chown velferdspilot /app/private-media /beat
USER velferdspilot
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=10s --retries=3 CMD ["python", "deploy/helsesjekk.py"]
CMD ["gunicorn", "velferdspilot.wsgi", "--config", "gunicorn.conf.py"]

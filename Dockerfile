# The portal's image: Python, WeasyPrint's system libraries, and npm for front-end files.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=velferdspilot.settings.production

RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    fonts-dejavu-core nodejs npm \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .
RUN DJANGO_SECRET_KEY=collectstatic-only-$(python -c "import secrets;print(secrets.token_hex(32))") \
    python manage.py collectstatic --noinput \
 && useradd --system --home /app velferdspilot \
 && mkdir -p /app/private-media && chown velferdspilot /app/private-media
USER velferdspilot
EXPOSE 8000
CMD ["gunicorn", "velferdspilot.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]

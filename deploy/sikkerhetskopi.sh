#!/usr/bin/env bash
# Back up the portal: the PostgreSQL database (pg_dump, custom format) and the
# uploaded files and report PDFs (DJANGO_MEDIA_ROOT), into one dated folder.
#
#   DATABASE_URL=postgres://… DJANGO_MEDIA_ROOT=/app/private-media \
#     deploy/sikkerhetskopi.sh /backup
#
# In compose: docker compose exec web deploy/sikkerhetskopi.sh /app/private-media/../backup
# (or run it from the host with the database's port published). Keep the folders
# somewhere else than the server, and test a restore (deploy/gjenopprett.sh) regularly.
set -euo pipefail
target="${1:?usage: sikkerhetskopi.sh TARGET_DIR}"
: "${DATABASE_URL:?DATABASE_URL must be set}"
media="${DJANGO_MEDIA_ROOT:?DJANGO_MEDIA_ROOT must be set}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
dir="$target/velferdspilot-$stamp"
mkdir -p "$dir"
pg_dump --format=custom --no-owner --no-privileges --file="$dir/database.dump" "$DATABASE_URL"
tar -czf "$dir/filer.tar.gz" -C "$media" .
( cd "$dir" && sha256sum database.dump filer.tar.gz > SHA256SUMS )
echo "$dir"

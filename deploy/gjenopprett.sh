#!/usr/bin/env bash
# Restore a backup made by deploy/sikkerhetskopi.sh into an EMPTY database and an empty
# media folder, then run the smoke check (manage.py royktest).
#
#   DATABASE_URL=postgres://…/velferdspilot_ny DJANGO_MEDIA_ROOT=/restore/media \
#     deploy/gjenopprett.sh /backup/velferdspilot-20270101T020000Z
#
# Create the database first (createdb velferdspilot_ny). Point the portal at it when the
# smoke check passes. The restored database gets a new epoch (manage.py datastand_epoke),
# so no running process serves a figure it kept from before the restore.
set -euo pipefail
dir="${1:?usage: gjenopprett.sh BACKUP_DIR}"
: "${DATABASE_URL:?DATABASE_URL must be set}"
media="${DJANGO_MEDIA_ROOT:?DJANGO_MEDIA_ROOT must be set}"
( cd "$dir" && sha256sum --check --quiet SHA256SUMS )
pg_restore --no-owner --no-privileges --exit-on-error --dbname="$DATABASE_URL" "$dir/database.dump"
mkdir -p "$media"
tar -xzf "$dir/filer.tar.gz" -C "$media"
cd "$(dirname "$0")/.."
"${PYTHON:-python}" manage.py datastand_epoke
"${PYTHON:-python}" manage.py royktest

"""Container healthcheck for Celery beat: its schedule file (on the beat volume) is
written at least every few minutes while beat runs; older than ten minutes means beat
has stopped ticking."""

import glob
import os
import sys
import time

SCHEDULE = os.environ.get("CELERY_BEAT_SCHEDULE_FILE", "/beat/celerybeat-schedule")
files = glob.glob(SCHEDULE + "*")
if not files:
    sys.exit(1)
age = time.time() - max(os.path.getmtime(f) for f in files)
sys.exit(0 if age < 600 else 1)

"""What an operator relies on: the compose file's invariants, the image's shape, hashed
static files, the healthcheck with real host names, JSON logs with a request id, and a
backup that restores into a fresh database and passes the smoke check."""

import json
import logging
import os
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from felles.logg import JsonFormatter, RequestIdFilter

BASE = Path(settings.BASE_DIR)


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((BASE / "docker-compose.yml").read_text())


def test_compose_migrates_once_before_web_worker_and_beat_start(compose):
    services = compose["services"]
    assert set(services) >= {"migrate", "web", "worker", "beat", "postgres", "redis"}
    # then the analytics tables computed for what the migrations marked
    assert services["migrate"]["command"] == (
        'sh -c "python manage.py migrate --noinput && python manage.py analyse_bygg --bare-merket"'
    )
    assert services["migrate"]["restart"] == "no"
    for name in ("web", "worker", "beat"):
        depends = services[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully", name
        assert depends["postgres"]["condition"] == "service_healthy", name
        assert "migrate" not in services[name]["command"], name


def test_compose_has_a_healthcheck_for_every_long_running_service(compose):
    services = compose["services"]
    for name in ("web", "worker", "beat", "postgres", "redis"):
        assert services[name]["healthcheck"]["test"], name
    assert "helsesjekk.py" in " ".join(services["web"]["healthcheck"]["test"])
    assert "inspect ping" in " ".join(services["worker"]["healthcheck"]["test"])


def test_compose_keeps_data_on_volumes_and_redis_persistent(compose):
    services = compose["services"]
    assert "--appendonly yes" in services["redis"]["command"]
    assert any(v.startswith("redisdata:") for v in services["redis"]["volumes"])
    assert any(v.startswith("pgdata:") for v in services["postgres"]["volumes"])
    assert any(v.startswith("media:") for v in services["web"]["volumes"])
    assert any(v.startswith("media:") for v in services["worker"]["volumes"])
    beat = services["beat"]
    assert "--schedule=/beat/" in beat["command"]
    assert any(v.startswith("beat:/beat") for v in beat["volumes"])
    assert set(compose["volumes"]) >= {"pgdata", "redisdata", "media", "beat"}


def test_compose_config_is_valid_for_docker_compose(tmp_path):
    binary = shutil.which("docker-compose")
    if binary:
        command = [binary]
    elif shutil.which("docker") and (
        subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0  # noqa: S607
    ):
        command = ["docker", "compose"]
    else:
        pytest.skip("Ingen docker compose her (apt-get install docker-compose).")
    shutil.copy(BASE / "docker-compose.yml", tmp_path / "docker-compose.yml")
    shutil.copy(BASE / ".env.example", tmp_path / ".env")
    result = subprocess.run(  # noqa: S603
        [*command, "config", "--quiet"],
        cwd=tmp_path,
        env={**os.environ, "POSTGRES_PASSWORD": "x"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_image_is_built_in_two_stages_and_runs_without_node_as_non_root():
    dockerfile = (BASE / "Dockerfile").read_text()
    stages = re.split(r"^FROM ", dockerfile, flags=re.M)[1:]
    assert len(stages) == 2
    assert "npm ci" in stages[0]
    runtime = stages[1]
    assert "nodejs" not in runtime and "npm " not in runtime
    assert "COPY --from=assets" in runtime
    assert re.search(r"^USER velferdspilot$", runtime, flags=re.M)
    assert "gunicorn.conf.py" in runtime
    ignored = (BASE / ".dockerignore").read_text().split()
    for path in (".env", ".venv", "node_modules", "db.sqlite3", "private-media", ".git"):
        assert path in ignored


def _i_bildet(relativ: str, ignorert: list[str]) -> bool:
    """Whether ``COPY . .`` takes this path into the image, by .dockerignore's patterns
    as Docker reads them: from the context's root, a pattern that names a directory
    leaves out everything under it, the last matching pattern wins (``!`` takes back)."""
    from fnmatch import fnmatch

    deler = relativ.split("/")
    inne = True
    for monster in ignorert:
        tilbake = monster.startswith("!")
        monster = monster.removeprefix("!").strip("/")
        if any(fnmatch("/".join(deler[: i + 1]), monster) for i in range(len(deler))):
            inne = tilbake
    return inne


def test_the_image_leaves_out_the_test_data_generator_and_the_bench():
    dockerfile = (BASE / "Dockerfile").read_text()
    runtime = re.split(r"^FROM ", dockerfile, flags=re.M)[2]
    kopier = re.findall(r"^COPY (?!--from)(.+)$", runtime, flags=re.M)
    # Only the build files by name, then the context as .dockerignore leaves it.
    assert kopier == ["pyproject.toml uv.lock ./", "tools/uv-krav.txt tools/", ". ."]
    ignorert = [
        linje.strip()
        for linje in (BASE / ".dockerignore").read_text().splitlines()
        if linje.strip() and not linje.startswith("#")
    ]
    assert "utvikling" in ignorert
    filer = [str(p.relative_to(BASE)) for p in BASE.rglob("*.py") if ".venv" not in p.parts]
    i_bildet = [f for f in filer if _i_bildet(f, ignorert)]
    assert "velferdspilot/wsgi.py" in i_bildet and "manage.py" in i_bildet
    assert not [f for f in i_bildet if f.startswith("utvikling/")]
    assert not [f for f in i_bildet if "bench" in f or f.endswith("testdata.py")]
    assert not [f for f in i_bildet if "generer_testdata" in f]
    # Production settings do not install the development app; dev and test do.
    produksjon = (BASE / "velferdspilot" / "settings" / "production.py").read_text()
    assert "utvikling" not in produksjon
    assert "utvikling" in settings.INSTALLED_APPS


def test_every_environment_variable_the_settings_read_is_in_env_example_and_readme():
    read = set()
    for path in (BASE / "velferdspilot" / "settings").glob("*.py"):
        read |= set(re.findall(r'env(?:\.\w+)?\(\s*"(DJANGO_\w+)"', path.read_text()))
    read |= set(re.findall(r'"(GUNICORN_\w+)"', (BASE / "gunicorn.conf.py").read_text()))
    example = (BASE / ".env.example").read_text()
    readme = (BASE / "README.md").read_text()
    assert read - {"DJANGO_DEBUG"} <= set(re.findall(r"\b([A-Z0-9_]+)=", example)) | {
        "DJANGO_MEDIA_ROOT"
    }
    missing = [name for name in read if name not in readme]
    assert missing == []


@pytest.fixture(scope="module")
def hashed_static(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    # Production compresses too (CompressedManifestStaticFilesStorage, checked below);
    # the hashing is the same and much faster without compressing every file.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=root, STORAGES=storages):
        call_command("collectstatic", "--noinput", verbosity=0)
        yield root, storages


def test_static_files_are_referenced_by_their_hashed_names(client, db, hashed_static):
    root, storages = hashed_static
    with override_settings(STATIC_ROOT=root, STORAGES=storages, DEBUG=False):
        html = client.get("/logg-inn/").content.decode()
    match = re.search(r'href="/static/css/portal\.([0-9a-f]{12})\.css"', html)
    assert match, "the page links the hashed stylesheet"
    assert (root / "css" / f"portal.{match.group(1)}.css").exists()
    manifest = json.loads((root / "staticfiles.json").read_text())
    assert manifest["paths"]["css/portal.css"] == f"css/portal.{match.group(1)}.css"


def test_production_serves_hashed_compressed_static_files():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="velferdspilot.settings.production",
        DJANGO_SECRET_KEY="k" * 20 + "-Zx9!pQ2#vB7@nM4$rT8%wY1^eU6&iO3*aS5(dF0)gH",
        DJANGO_PORTAL_URL="https://velferdspilot.example.no",
    )
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.STORAGES['staticfiles']['BACKEND'])"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=BASE, env=env, capture_output=True, text=True
    )
    assert result.stdout.strip() == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_web_healthcheck_uses_the_configured_host_name(live_server, settings):
    settings.ALLOWED_HOSTS = ["velferdspilot.example.no"]
    port = live_server.url.rsplit(":", 1)[-1]
    env = {
        **os.environ,
        "DJANGO_ALLOWED_HOSTS": "velferdspilot.example.no,www.example.no",
        "GUNICORN_BIND": f"0.0.0.0:{port}",
    }
    script = BASE / "deploy" / "helsesjekk.py"
    result = subprocess.run([sys.executable, script], env=env, capture_output=True, timeout=30)  # noqa: S603
    assert result.returncode == 0, result.stderr
    # A bare address, as the old healthcheck sent, is refused by the host check.
    env["DJANGO_ALLOWED_HOSTS"] = "127.0.0.1-ikke-tillatt"
    result = subprocess.run([sys.executable, script], env=env, capture_output=True, timeout=30)  # noqa: S603
    assert result.returncode == 1


def test_every_response_carries_a_request_id_and_logs_are_json_lines(client, db, caplog):
    response = client.get("/helse/", HTTP_X_REQUEST_ID="abc12345-fra-proxy")
    assert response["X-Request-ID"] == "abc12345-fra-proxy"
    made = client.get("/helse/")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", made)
    hostile = client.get("/helse/", HTTP_X_REQUEST_ID="<script>")["X-Request-ID"]
    assert hostile != "<script>"
    record = logging.LogRecord("velferdspilot", logging.ERROR, __file__, 1, "Feil %s", ("x",), None)
    RequestIdFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["melding"] == "Feil x" and line["niva"] == "ERROR"
    assert line["request_id"] == "-"  # outside a request


# --- backup and restore ------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_backup_restores_into_a_fresh_database_and_passes_the_smoke_check(
    transactional_db, pilot_etter_ett_aar, tmp_path, django_capture_on_commit_callbacks
):
    if connection.vendor != "postgresql":
        pytest.skip("Sikkerhetskopien tas med pg_dump og trenger PostgreSQL.")
    from evaluering import services as evaluering

    data = pilot_etter_ett_aar
    with django_capture_on_commit_callbacks(execute=True):
        evaluering.statusrapport_bestill(periode=data.periode, bestilt_av=data.admin)
    db = connection.settings_dict
    auth = f"{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    source_url = f"postgres://{auth}/{db['NAME']}"
    fresh = f"vp_gjenopprettet_{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "DATABASE_URL": source_url, "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    backup = subprocess.run(  # noqa: S603
        [shutil.which("bash"), BASE / "deploy" / "sikkerhetskopi.sh", tmp_path / "backup"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert backup.returncode == 0, backup.stderr
    folder = backup.stdout.strip().splitlines()[-1]
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{fresh}"')
    try:
        restore_env = {
            **os.environ,
            "DATABASE_URL": f"postgres://{auth}/{fresh}",
            "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
            "DJANGO_SETTINGS_MODULE": "velferdspilot.settings.dev",
            "PYTHON": sys.executable,
        }
        restore_env.pop("REDIS_URL", None)
        restore = subprocess.run(  # noqa: S603
            [shutil.which("bash"), BASE / "deploy" / "gjenopprett.sh", folder],
            env=restore_env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert restore.returncode == 0, restore.stdout + restore.stderr
        assert "Røyktesten er bestått." in restore.stdout
        assert "kommuner.Kommune: 4" in restore.stdout
        assert "evaluering.Statusrapport: 1" in restore.stdout
        assert list((tmp_path / "media").rglob("*.pdf"))
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')


# --- object storage and the error tracker ------------------------------------------


@pytest.fixture
def s3(settings):
    """A local S3-compatible server (moto) on a free port, with one bucket, and the
    portal's default storage pointed at it as the production settings would."""
    import boto3
    from moto.server import ThreadedMotoServer

    from tests.felles.conftest import fri_port

    port = fri_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    keys = {"aws_access_key_id": "test", "aws_secret_access_key": "test"}
    client = boto3.client("s3", endpoint_url=endpoint, region_name="eu-north-1", **keys)
    client.create_bucket(
        Bucket="velferdspilot", CreateBucketConfiguration={"LocationConstraint": "eu-north-1"}
    )
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "velferdspilot",
                "endpoint_url": endpoint,
                "region_name": "eu-north-1",
                "access_key": "test",
                "secret_key": "test",
                "default_acl": None,
                "file_overwrite": False,
            },
        },
    }
    yield client
    server.stop()


def test_uploads_and_report_pdfs_live_in_object_storage(
    client, s3, pilot_etter_ett_aar, kontakt_halden, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from evaluering import services as evaluering
    from kommuner.models import Vedlegg

    client.force_login(kontakt_halden)
    response = client.post(
        "/kommuner/3101/vedlegg/",
        {"fil": SimpleUploadedFile("notat.txt", b"Utfordringsbildet i Halden")},
    )
    assert response.status_code == 302
    vedlegg = Vedlegg.objects.get()
    download = client.get(f"/kommuner/3101/vedlegg/{vedlegg.pk}/")
    assert b"".join(download.streaming_content if download.streaming else [download.content]) == (
        b"Utfordringsbildet i Halden"
    )
    data = pilot_etter_ett_aar
    with django_capture_on_commit_callbacks(execute=True):
        rapport = evaluering.statusrapport_bestill(periode=data.periode, bestilt_av=data.admin)
    rapport.refresh_from_db()
    keys = {o["Key"] for o in s3.list_objects_v2(Bucket="velferdspilot")["Contents"]}
    assert vedlegg.fil.name in keys
    assert rapport.pdf.name in keys


def test_errors_reach_the_error_tracker_when_a_dsn_is_set():
    import gzip
    import http.server
    import threading

    import brotli

    received = []

    class Envelopes(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the http.server API
            body = self.rfile.read(int(self.headers["Content-Length"]))
            encoding = self.headers.get("Content-Encoding", "")
            if encoding == "gzip":
                body = gzip.decompress(body)
            elif encoding == "br":
                body = brotli.decompress(body)
            received.append((self.path, body))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Envelopes)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        env.update(
            DJANGO_SETTINGS_MODULE="velferdspilot.settings.production",
            DJANGO_SECRET_KEY="k" * 20 + "-Zx9!pQ2#vB7@nM4$rT8%wY1^eU6&iO3*aS5(dF0)gH",
            DJANGO_PORTAL_URL="https://velferdspilot.example.no",
            DJANGO_SENTRY_DSN=f"http://offentlig@127.0.0.1:{server.server_port}/1",
        )
        code = (
            "import django; django.setup(); import sentry_sdk; "
            "sentry_sdk.capture_message('Testfeil fra drift'); sentry_sdk.flush(5)"
        )
        result = subprocess.run(  # noqa: S603
            [sys.executable, "-c", code], cwd=BASE, env=env, capture_output=True, timeout=60
        )
        assert result.returncode == 0, result.stderr
    finally:
        server.shutdown()
    assert received and received[0][0] == "/api/1/envelope/"
    assert b"Testfeil fra drift" in received[0][1]


def test_gunicorn_trusts_forwarded_headers_only_from_the_proxy(monkeypatch):
    """Review item 10: ``forwarded_allow_ips="*"`` let anyone who reached the port claim
    HTTPS with X-Forwarded-Proto."""
    import runpy

    monkeypatch.delenv("GUNICORN_FORWARDED_ALLOW_IPS", raising=False)
    conf = runpy.run_path(str(BASE / "gunicorn.conf.py"))
    assert conf["forwarded_allow_ips"] == "127.0.0.1,::1"
    monkeypatch.setenv("GUNICORN_FORWARDED_ALLOW_IPS", "10.0.0.5")
    assert runpy.run_path(str(BASE / "gunicorn.conf.py"))["forwarded_allow_ips"] == "10.0.0.5"


def test_gunicorn_loads_the_app_once_before_forking(monkeypatch):
    """A recycled worker forks from a master that has the portal loaded, instead of
    importing it again (issue #23: the floor under load)."""
    import runpy

    monkeypatch.delenv("GUNICORN_PRELOAD", raising=False)
    assert runpy.run_path(str(BASE / "gunicorn.conf.py"))["preload_app"] is True
    monkeypatch.setenv("GUNICORN_PRELOAD", "0")
    assert runpy.run_path(str(BASE / "gunicorn.conf.py"))["preload_app"] is False


def test_the_app_loads_every_template_before_a_worker_takes_a_request():
    """``velferdspilot.wsgi.varm_opp`` (run in gunicorn's master, preload_app) compiles
    every template of the portal: each one compiles, and the cached loader keeps it."""
    from django.template import engines

    from velferdspilot.wsgi import varm_opp

    varm_opp()
    loader = engines["django"].engine.template_loaders[0]
    assert {"base.html", "evaluering/_dashboard_side.html"} <= {
        noekkel.split(":", 1)[0] if ":" in noekkel else noekkel
        for noekkel in loader.get_template_cache
    }


@pytest.mark.django_db
def test_a_forked_worker_connects_and_compiles_its_queries_before_its_first_request():
    """gunicorn's ``post_worker_init`` (gunicorn.conf.py) runs
    ``velferdspilot.wsgi.varm_arbeider``: the database connection is open and every
    per-request query compiled once (``felles.sporring``) has its plan, the session's
    and the user's among them."""
    import runpy

    from django.db import connection

    import velferdspilot.wsgi  # noqa: F401 (the portal, loaded as gunicorn loads it)
    from felles import sporring
    from kommuner.backends import _BRUKER
    from velferdspilot.sesjon import _DATA

    for kompilert in sporring._ALLE:
        kompilert._planer.clear()
    connection.close()
    runpy.run_path(str(BASE / "gunicorn.conf.py"))["post_worker_init"](worker=None)
    import gc

    gc.unfreeze()  # post_worker_init froze this process's objects (see pre_fork)
    assert connection.connection is not None
    assert len(sporring._ALLE) >= 5
    assert all(kompilert._planer for kompilert in sporring._ALLE)
    assert _BRUKER in sporring._ALLE and _DATA in sporring._ALLE


def test_the_app_builds_every_reverse_table_before_a_worker_takes_a_request(monkeypatch):
    """``varm_opp`` builds the URLconf's reverse tables, the root's and each
    namespace's, in every language: a new worker's first page (its menu reverses a
    dozen names) built them for 60 ms until then."""
    from django.conf import settings
    from django.urls import NoReverseMatch, get_resolver, reverse
    from django.urls.resolvers import URLResolver
    from django.utils import translation

    from velferdspilot.wsgi import varm_opp

    varm_opp()
    bygget = []
    monkeypatch.setattr(
        URLResolver, "_populate", lambda self: bygget.append(self) or None, raising=True
    )
    navnerom = list(get_resolver().namespace_dict)
    assert {"kommuner", "investering", "tilskudd", "evaluering"} <= set(navnerom)
    for code, _navn in settings.LANGUAGES:
        with translation.override(code):
            reverse("home")
            for ns in navnerom:
                under = get_resolver().namespace_dict[ns][1]
                for navn in [n for n in under.reverse_dict if isinstance(n, str)][:3]:
                    try:
                        reverse(f"{ns}:{navn}")
                    except NoReverseMatch:
                        pass  # a name with arguments: refused after the table is read
    assert bygget == []
    # And every model's fields and relations, worked out once for all.
    from django.apps import apps

    assert all("related_objects" in m._meta.__dict__ for m in apps.get_models())
    # And what the first page or search imported: the format modules of every
    # language, the PostgreSQL fields the search's query imports.
    import sys

    from django.utils import formats

    assert {code for code, _navn in settings.LANGUAGES} <= set(formats._format_modules_cache)
    assert "django.contrib.postgres.fields" in sys.modules


def test_gunicorn_hides_the_masters_objects_from_the_workers_garbage_collector():
    """``pre_fork`` (gunicorn.conf.py) freezes what the master holds before it forks a
    worker: a worker's full collection no longer traverses (and copies) the portal's
    220 000 objects, 75 ms each time and on a new worker's first request."""
    import gc
    import runpy

    conf = runpy.run_path(str(BASE / "gunicorn.conf.py"))
    gc.unfreeze()
    try:
        conf["pre_fork"](server=None, worker=None)
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()


@pytest.mark.django_db(transaction=True)
def test_each_of_gunicorns_threads_connects_before_its_first_request():
    """With gunicorn's threads (the gthread worker's ``tpool``), ``varm_arbeider`` opens
    a connection in each of them: Django's connections are per thread, and the one a
    worker's own thread opened served no request."""
    import threading
    from concurrent.futures import ThreadPoolExecutor
    from types import SimpleNamespace

    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache
    from django.db import connection

    from velferdspilot.wsgi import varm_arbeider

    traader = ThreadPoolExecutor(max_workers=3)
    try:
        varm_arbeider(SimpleNamespace(tpool=traader, cfg=SimpleNamespace(threads=3)))
        sperre = threading.Barrier(3, timeout=10)

        def apen() -> tuple[str, bool, int]:
            sperre.wait()  # each check on a thread of its own
            # The shared cache's connections this thread's client has made (Django's
            # caches are per thread; without Redis, none is shared: -1).
            delt = caches["datastand_delt"]
            redis = (
                sum(p._created_connections for p in delt._cache._pools.values())
                if isinstance(delt, RedisCache)
                else -1
            )
            svar = (threading.current_thread().name, connection.connection is not None, redis)
            connection.close()
            return svar

        svar = [oppgave.result() for oppgave in [traader.submit(apen) for _ in range(3)]]
    finally:
        traader.shutdown()
    assert len({navn for navn, _apen, _redis in svar}) == 3
    assert all(apen for _navn, apen, _redis in svar)
    # And each has its connection to the shared cache, where there is one (CI's Redis).
    med_redis = isinstance(caches["datastand_delt"], RedisCache)
    assert all((redis >= 1) if med_redis else redis == -1 for _navn, _apen, redis in svar)


def test_a_worker_starts_when_the_database_does_not_answer(monkeypatch, caplog):
    """A database that does not answer while a worker starts (a restart during a
    recycling) is logged, and the worker starts: an exception in ``post_worker_init``
    fails the worker's boot, and gunicorn stops when a worker fails to boot."""
    import runpy

    from django.db import OperationalError, connection

    def nede():
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "ensure_connection", nede)
    import velferdspilot.wsgi  # noqa: F401 (the portal, loaded as gunicorn loads it)

    with caplog.at_level("ERROR"):
        runpy.run_path(str(BASE / "gunicorn.conf.py"))["post_worker_init"](worker=None)
    assert "ikke varmet opp" in caplog.text
    import gc

    gc.unfreeze()

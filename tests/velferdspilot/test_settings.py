"""Production settings refuse to start without a secret key and pass check --deploy."""

import os
import subprocess
import sys

from django.conf import settings


def run_manage(*args, env_extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_manage(
        "check", env_extra={"DJANGO_SETTINGS_MODULE": "velferdspilot.settings.production"}
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


GOD_NOKKEL = "k" * 20 + "-Zx9!pQ2#vB7@nM4$rT8%wY1^eU6&iO3*aS5(dF0)gH"


def test_production_refuses_the_placeholder_key_of_env_example():
    placeholder = next(
        line.split("=", 1)[1]
        for line in (settings.BASE_DIR / ".env.example").read_text().splitlines()
        if line.startswith("DJANGO_SECRET_KEY=")
    )
    result = run_manage(
        "check",
        env_extra={
            "DJANGO_SETTINGS_MODULE": "velferdspilot.settings.production",
            "DJANGO_SECRET_KEY": placeholder,
            "DJANGO_PORTAL_URL": "https://velferdspilot.example.no",
        },
    )
    assert result.returncode != 0
    assert "placeholder" in result.stderr


def test_production_requires_the_public_portal_url():
    result = run_manage(
        "check",
        env_extra={
            "DJANGO_SETTINGS_MODULE": "velferdspilot.settings.production",
            "DJANGO_SECRET_KEY": GOD_NOKKEL,
        },
    )
    assert result.returncode != 0
    assert "DJANGO_PORTAL_URL" in result.stderr


def test_production_passes_check_deploy_without_warnings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_extra={
            "DJANGO_SETTINGS_MODULE": "velferdspilot.settings.production",
            "DJANGO_SECRET_KEY": "k" * 20 + "-Zx9!pQ2#vB7@nM4$rT8%wY1^eU6&iO3*aS5(dF0)gH",
            "DJANGO_PORTAL_URL": "https://velferdspilot.example.no",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_csp_header_forbids_inline_scripts(client, db):
    header = client.get("/logg-inn/")["Content-Security-Policy"]
    assert "script-src 'self'" in header
    assert "unsafe-inline" not in header
    assert "frame-ancestors 'none'" in header


def test_csp_header_is_django_csps_policy_built_once(client, db, settings):
    from csp.utils import build_policy

    for _ in range(2):
        assert client.get("/logg-inn/")["Content-Security-Policy"] == build_policy()
    # A changed policy (here a test's) is built afresh.
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    assert client.get("/logg-inn/")["Content-Security-Policy"] == "default-src 'none'"

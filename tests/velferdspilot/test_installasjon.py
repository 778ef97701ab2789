"""The install holds for every Python the README names, from one lock (docs/installasjon.md)."""

import re
import subprocess
import tomllib
from pathlib import Path

from django.conf import settings

BASE = Path(settings.BASE_DIR)


def _lock():
    return tomllib.loads((BASE / "uv.lock").read_text())


def _pyproject():
    return tomllib.loads((BASE / "pyproject.toml").read_text())


def test_the_lock_covers_every_python_from_debians_own_on():
    assert _pyproject()["project"]["requires-python"] == ">=3.11.2"
    assert _lock()["requires-python"] == ">=3.11.2"


def test_a_dependency_needed_only_on_old_patch_releases_is_locked_with_its_marker():
    # redis needs async-timeout below 3.11.3: a lock made on 3.11.7 once left it out.
    packages = {p["name"]: p for p in _lock()["package"]}
    assert "async-timeout" in packages
    redis_deps = {d["name"]: d.get("marker", "") for d in packages["redis"]["dependencies"]}
    assert "3.11.3" in redis_deps["async-timeout"]


def test_every_locked_package_has_hashes():
    for package in _lock()["package"]:
        if package["source"].get("virtual"):
            continue
        files = package.get("wheels", []) + ([package["sdist"]] if "sdist" in package else [])
        assert files, package["name"]
        assert all(f["hash"].startswith("sha256:") for f in files), package["name"]


def test_the_uv_bootstrap_file_pins_the_locked_uv_with_every_hash():
    required = _pyproject()["tool"]["uv"]["required-version"]
    (uv,) = [p for p in _lock()["package"] if p["name"] == "uv"]
    assert required == f"=={uv['version']}"
    locked = {f["hash"] for f in uv["wheels"]} | {uv["sdist"]["hash"]}
    text = (BASE / "tools" / "uv-krav.txt").read_text()
    assert re.search(rf"^uv=={re.escape(uv['version'])}\b", text, flags=re.M)
    assert set(re.findall(r"--hash=(sha256:[0-9a-f]{64})", text)) == locked


def test_no_second_lock_and_the_image_installs_from_the_same_one():
    assert not list(BASE.glob("requirements*.txt"))
    dockerfile = (BASE / "Dockerfile").read_text()
    assert "uv sync --locked --no-dev" in dockerfile
    assert "tools/uv-krav.txt" in dockerfile
    assert "--require-hashes" in dockerfile


def test_make_run_serves_on_the_chosen_port_and_the_portal_address_follows():
    out = subprocess.run(
        ["make", "--dry-run", "--always-make", "run", "PORT=8010"],  # noqa: S607
        cwd=BASE,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert "runserver 127.0.0.1:8010" in out
    assert "http://127.0.0.1:8010" in out
    assert ":8000" not in out

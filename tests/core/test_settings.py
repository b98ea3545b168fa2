"""Production settings pass Django's deployment checks; development defaults stay safe."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from praktijktafel.settings import env_bool

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-secret-key-for-the-check-0123456789abcdef",
    "ALLOWED_HOSTS": "praktijktafel.nl",
    "CSRF_TRUSTED_ORIGINS": "https://praktijktafel.nl",
    "SITE_URL": "https://praktijktafel.nl",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    full_env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    full_env.update(env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_a_weak_secret_key_stops_production_instead_of_warning():
    env = {**PRODUCTION_ENV, "SECRET_KEY": "geheim"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("true", True),
        ("TRUE", True),
        (" Yes ", True),
        ("on", True),
        ("1", True),
        ("false", False),
        ("No", False),
        ("OFF", False),
        ("0", False),
    ],
)
def test_env_bool_reads_the_usual_spellings(monkeypatch, value, expected):
    monkeypatch.setenv("PT_TEST_FLAG", value)
    assert env_bool("PT_TEST_FLAG", not expected) is expected


@pytest.mark.parametrize("default", [True, False])
def test_env_bool_unset_or_empty_means_the_default(monkeypatch, default):
    monkeypatch.delenv("PT_TEST_FLAG", raising=False)
    assert env_bool("PT_TEST_FLAG", default) is default
    monkeypatch.setenv("PT_TEST_FLAG", "")
    assert env_bool("PT_TEST_FLAG", default) is default


@pytest.mark.parametrize("value", ["ture", "yes please", "2", "enabled"])
def test_env_bool_refuses_a_typo_instead_of_reading_it_as_false(monkeypatch, value):
    monkeypatch.setenv("PT_TEST_FLAG", value)
    with pytest.raises(ImproperlyConfigured, match="PT_TEST_FLAG"):
        env_bool("PT_TEST_FLAG", True)


def test_a_typo_in_debug_stops_the_app_with_the_variable_named():
    env = {**PRODUCTION_ENV, "DEBUG": "ture"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "DEBUG" in result.stderr

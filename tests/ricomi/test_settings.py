import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "k7#p2!vQz9@Lm4$Rt8^Wx1&Yb6*Nc3(Hd5)Jf0_Ge-Ua+Sq=Ko~Ip",
    "ALLOWED_HOSTS": "ricomi.example.org",
    "SITE_URL": "https://ricomi.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.org:587",
}


def run_manage(*args, env_overrides):
    ignored = {*PRODUCTION_ENV, "DJANGO_ALLOW_ASYNC_UNSAFE"}  # set by the browser tests for themselves
    env = {key: value for key, value in os.environ.items() if key not in ignored}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def test_deploy_check_passes_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_deploy_check_warns_about_development_defaults():
    result = run_manage("check", "--deploy", env_overrides={"DEBUG": "true"})

    assert "security.W018" in result.stderr + result.stdout  # DEBUG on in deployment


def test_email_url_configures_smtp(settings):
    from ricomi import settings as module

    assert module.env.email_url_config("smtp+tls://u:p@mail.example.org:587")["EMAIL_USE_TLS"] is True


def production_env_without(name, **changes):
    return {**{key: value for key, value in PRODUCTION_ENV.items() if key != name}, **changes}


def refusal(result) -> str:
    """The operator-facing lines of the start-up refusal, or the output if it did not refuse."""
    marker = "ImproperlyConfigured: RICOMI will not start with these settings:\n"
    output = result.stderr
    return output.split(marker, 1)[1].strip() if marker in output else result.stdout + output


MAKE_A_KEY = "python -c 'import secrets; print(secrets.token_urlsafe(50))'"


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", "--deploy", env_overrides=production_env_without("SECRET_KEY"))

    assert result.returncode == 1
    assert refusal(result) == f"- DEBUG is off and SECRET_KEY is not set. Set a long random one: {MAKE_A_KEY}"


def test_production_refuses_to_start_with_the_development_key():
    development_key = "dev-only-insecure-key-change-me-in-production"

    result = run_manage("check", "--deploy", env_overrides={**PRODUCTION_ENV, "SECRET_KEY": development_key})

    assert result.returncode == 1
    assert refusal(result) == f"- DEBUG is off and SECRET_KEY is not set. Set a long random one: {MAKE_A_KEY}"


@pytest.mark.parametrize(
    "key",
    ["x7Gq2-short-but-random-49-characters-long-abcdefg", "ab" * 40],
    ids=["49 characters", "2 distinct"],
)
def test_production_refuses_to_start_with_a_weak_key(key):
    result = run_manage("check", "--deploy", env_overrides={**PRODUCTION_ENV, "SECRET_KEY": key})

    assert result.returncode == 1
    assert refusal(result) == (
        "- DEBUG is off and SECRET_KEY is too weak: it needs at least 50 characters, 5 of them different. "
        f"Make one with {MAKE_A_KEY}"
    )


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_manage("check", "--deploy", env_overrides=production_env_without("ALLOWED_HOSTS"))

    assert result.returncode == 1
    assert refusal(result) == (
        "- DEBUG is off and ALLOWED_HOSTS is not set. "
        "List the host names the site answers to (ALLOWED_HOSTS=ricomi.example.org)."
    )


def test_a_trusted_proxy_that_is_not_an_address_stops_start_up():
    result = run_manage("check", env_overrides={"DEBUG": "true", "TRUSTED_PROXIES": "10.0.0.1,proxy.local"})

    assert result.returncode == 1
    assert refusal(result) == "- TRUSTED_PROXIES: 'proxy.local' is not an IP address or network (10.0.0.0/8)."


def test_development_starts_with_the_development_defaults():
    result = run_manage("check", env_overrides={"DEBUG": "true"})

    assert result.returncode == 0, result.stderr


def test_production_refuses_to_start_with_a_key_django_made_for_development():
    key = "django-insecure-" + "k7#p2!vQz9@Lm4$Rt8^Wx1&Yb6*Nc3(Hd5)Jf0_Ge-Ua+Sq"

    result = run_manage("check", env_overrides={**PRODUCTION_ENV, "SECRET_KEY": key})

    assert result.returncode == 1
    assert refusal(result) == (
        "- DEBUG is off and SECRET_KEY is one Django made for development ('django-insecure-'). "
        f"Make a new one with {MAKE_A_KEY}"
    )


@pytest.mark.parametrize("hosts", ["*", "ricomi.example.org,*"])
def test_production_refuses_to_start_when_any_host_name_is_allowed(hosts):
    result = run_manage("check", env_overrides={**PRODUCTION_ENV, "ALLOWED_HOSTS": hosts})

    assert result.returncode == 1
    assert refusal(result) == (
        "- DEBUG is off and ALLOWED_HOSTS lets any host name in ('*'). "
        "List the host names the site answers to (ALLOWED_HOSTS=ricomi.example.org)."
    )

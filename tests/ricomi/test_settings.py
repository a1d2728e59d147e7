import os
import subprocess
import sys
from pathlib import Path

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

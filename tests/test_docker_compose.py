"""Issue 10, hole 8: docker-compose.yml is safe as shipped.

The web service's environment, with the values of .env.example and a long random SECRET_KEY put in as compose
would (`${NAME:?message}`, `${NAME:-default}`), passes `manage.py check --deploy` with no error and no warning.
Docker does not run here: the file is read, not started.
"""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
INTERPOLATION = re.compile(r"\$\{(?P<name>\w+)(?:(?P<op>:\?|:-)(?P<arg>[^}]*))?\}")


class Missing(Exception):
    pass


def dot_env(path: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def interpolate(value: str, env: dict[str, str]) -> str:
    """Compose's rules for the forms the file uses: `:?` refuses an unset or empty value, `:-` gives a default."""

    def one(match):
        given = env.get(match["name"], "")
        if match["op"] == ":?" and not given:
            raise Missing(f"{match['name']}: {match['arg']}")
        return given or (match["arg"] if match["op"] == ":-" else "")

    return INTERPOLATION.sub(one, value).replace("$$", "$")


def web_environment(env: dict[str, str]) -> dict[str, str]:
    return {name: interpolate(str(value), env) for name, value in COMPOSE["services"]["web"]["environment"].items()}


def filled_example() -> dict[str, str]:
    """.env.example as an operator fills it: the secrets it leaves empty, given."""
    env = dot_env(ROOT / ".env.example")
    env["SECRET_KEY"] = secrets.token_urlsafe(50)
    env["POSTGRES_PASSWORD"] = secrets.token_hex(24)
    env["PORTAL_DB_PASSWORD"] = secrets.token_hex(24)
    return env


def test_check_deploy_is_clean_with_the_compose_environment():
    """Hole 8: with the shipped file, `check --deploy` reported 1 error and 3 warnings."""
    environment = web_environment(filled_example())
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "sherloc.settings.base", **environment},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (done.returncode, done.stdout.strip(), done.stderr.strip()) == (
        0,
        "System check identified no issues (0 silenced).",
        "",
    )


def test_production_settings_are_fixed_in_the_file_not_left_to_defaults():
    environment = COMPOSE["services"]["web"]["environment"]
    assert environment["DEBUG"] == "false"
    assert (environment["SECURE_SSL_REDIRECT"], environment["SECURE_COOKIES"]) == ("true", "true")
    assert int(environment["SECURE_HSTS_SECONDS"]) >= 31536000


@pytest.mark.parametrize(
    "name", ["SECRET_KEY", "ALLOWED_HOSTS", "POSTGRES_PASSWORD", "PORTAL_DB_PASSWORD", "EMAIL_URL"]
)
def test_secrets_and_addresses_come_from_env_and_compose_refuses_to_start_without_them(name):
    """Hole 8: no secret, address or mail server is written in the file; each one missing stops compose."""
    env = filled_example()
    env[name] = ""
    with pytest.raises(Missing, match=name):
        web_environment(env)


def test_the_example_leaves_the_secrets_empty_so_nobody_runs_with_an_example_secret():
    example = dot_env(ROOT / ".env.example")
    assert example["SECRET_KEY"] == "" and example["POSTGRES_PASSWORD"] == "" and example["PORTAL_DB_PASSWORD"] == ""
    assert example["EMAIL_URL"].startswith("smtp+tls://")


def test_no_fixed_database_password_and_only_the_portal_listens_on_127_0_0_1():
    """Hole 8: the database password was 'sherloc' in the file; port 8000 was open on every interface."""
    services = COMPOSE["services"]
    assert services["postgres"]["environment"]["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")
    assert "sherloc:sherloc@" not in (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    assert services["web"]["ports"] == ["127.0.0.1:${PORT:-8000}:8000"]
    assert [name for name, service in services.items() if "ports" in service] == ["web"]


def test_the_env_file_is_never_committed():
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "/.env" in ignored

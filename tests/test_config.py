"""Settings come from one module: the environment names it lists, and where files are."""

from pathlib import Path

import pytest

from outages import config, limits

ROOT = Path(__file__).resolve().parents[1]


def test_checkout_uses_the_repository_data_folder():
    assert config.in_checkout()
    assert config.data_dir({}) == ROOT / "data"
    assert config.default_store_path({}) == ROOT / "data" / "outages.db"
    assert config.store_url({}) == f"sqlite:///{ROOT / 'data' / 'outages.db'}"


def test_installed_package_uses_its_own_data_and_the_user_data_folder(monkeypatch, tmp_path):
    monkeypatch.setattr(config, "CHECKOUT_DATA", tmp_path / "absent")
    assert config.data_dir({}) == config.INSTALLED_DATA
    env = {"XDG_DATA_HOME": str(tmp_path)}
    assert config.default_store_path(env) == tmp_path / "outages" / "outages.db"


def test_environment_overrides(tmp_path):
    env = {"OUTAGES_DB_URL": " postgresql://u@h/db ", "OUTAGES_DATA_DIR": str(tmp_path),
           "OUTAGES_CACHE_DIR": str(tmp_path / "c")}
    assert config.store_url(env) == "postgresql://u@h/db"
    assert config.data_dir(env) == tmp_path
    assert config.cache_dir(env) == tmp_path / "c"
    assert config.cache_dir({"OUTAGES_CACHE_DIR": "  "}) is None


def test_an_undocumented_setting_is_a_bug():
    with pytest.raises(KeyError):
        config._env("OUTAGES_SOMETHING_ELSE", {})


def test_editing_settings_from_secrets_first_then_the_environment():
    env = {config.PASSWORD_ENV: "from the environment", config.EDITORS_ENV: "a@b.org",
           config.PROXIES_ENV: "10.0.0.5"}
    found = config.editing({}, env)
    assert (found.password, found.editors, found.proxies, found.oidc) == (
        "from the environment", "a@b.org", "10.0.0.5", False)
    secrets = {"editing": {"password": "from secrets", "editors": ["c@d.org"]}, "auth": {}}
    found = config.editing(secrets, env)
    assert (found.password, found.editors, found.proxies, found.oidc) == (
        "from secrets", ["c@d.org"], "10.0.0.5", True)
    assert config.editing({"editing": "not a table"}, {}).password is None


def test_readme_lists_every_setting():
    readme = (ROOT / "README.md").read_text()
    missing = [name for name in config.ENVIRONMENT if f"`{name}`" not in readme]
    assert not missing


@pytest.mark.parametrize("env,file_bytes,rows", [
    ({}, limits.MAX_FILE_BYTES, limits.MAX_ROWS),
    ({"OUTAGES_MAX_FILE_MB": "6144", "OUTAGES_MAX_ROWS": "120000000"}, 6 * 1024**3,
     120_000_000),
    ({"OUTAGES_MAX_FILE_MB": "lots", "OUTAGES_MAX_ROWS": "-1"}, limits.MAX_FILE_BYTES,
     limits.MAX_ROWS),  # a typo never lifts a limit
])
def test_input_limits_an_operator_may_raise(env, file_bytes, rows):
    assert (config.max_file_bytes(env), config.max_rows(env)) == (file_bytes, rows)

"""Settings come from one module: the environment names it lists, and where files are."""

from pathlib import Path

import pytest

from outages import config

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

"""Configuration in layers; a bad setting stops start-up with a message that names it."""

import pytest

from settings import ConfigError, load_settings


def test_defaults_come_from_config_yaml():
    s = load_settings(environ={})
    assert s.ivr.flows["default"] == "callflows/hotline.yaml"
    assert s.regions["yakutia"].timezone == "Asia/Yakutsk"
    assert s.effective_database_url.startswith("sqlite:///")


def test_environment_overrides_the_file_and_secrets_come_from_their_own_names():
    s = load_settings(environ={
        "HOTLINE_IVR__RELOAD_CHECK_SECONDS": "7", "HOTLINE_WEB__PORT": "8080",
        "TWILIO_AUTH_TOKEN": "tok", "TWILIO_ACCOUNT_SID": "AC1",
        "DATABASE_URL": "postgres://u@db/hotline", "REDIS_URL": "redis://r:6379/2",
    })
    assert s.ivr.reload_check_seconds == 7 and s.web.port == 8080
    assert (s.twilio.auth_token, s.twilio.account_sid) == ("tok", "AC1")
    assert s.effective_database_url == "postgresql+psycopg://u@db/hotline"
    assert s.redis_url == "redis://r:6379/2"


def test_test_overrides_win_over_environment():
    s = load_settings(environ={"HOTLINE_WEB__PORT": "8080"}, overrides={"web": {"port": 9000}})
    assert s.web.port == 9000


@pytest.mark.parametrize("environ,fragment", [
    ({"HOTLINE_WEB__PORT": "eighty"}, "web.port"),
    ({"HOTLINE_IVR__FLOWZ": "x"}, "ivr.flowz"),
    ({"HOTLINE_REGIONS__MARS__NAME": "Марс", "HOTLINE_REGIONS__MARS__TIMEZONE": "Mars/Olympus"},
     "unknown time zone"),
])
def test_a_bad_setting_names_itself(environ, fragment):
    with pytest.raises(ConfigError, match=fragment.replace(".", r"\.")):
        load_settings(environ=environ)


def test_broken_config_file(tmp_path):
    bad = tmp_path / "config.yaml"
    bad.write_text("web: [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_settings(bad, environ={})

"""Layered configuration: code defaults, then config.yaml, then environment, then a test mapping.

Every tunable is documented in config.yaml; this module only gives it a type, so a bad
setting stops start-up with a message that names the setting.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

ROOT = Path(__file__).resolve().parent
ENV_PREFIX = "HOTLINE_"
# Secrets and connection strings come only from the environment, under these well-known names.
SECRET_ENV = {
    "TWILIO_ACCOUNT_SID": ("twilio", "account_sid"),
    "TWILIO_AUTH_TOKEN": ("twilio", "auth_token"),
    "DATABASE_URL": ("database_url",),
    "REDIS_URL": ("redis_url",),
}


class ConfigError(Exception):
    """The configuration cannot be used; the message names the setting and the problem."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TwilioSettings(_Section):
    account_sid: str = ""
    auth_token: str = ""
    validate_signatures: bool = True
    api_base_url: str = "https://api.twilio.com"


class Region(_Section):
    name: str
    timezone: str
    area_codes: list[str] = Field(default_factory=list)

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (use an IANA name like Asia/Yakutsk)")
        return value


class IvrSettings(_Section):
    flows: dict[str, str] = Field(default_factory=lambda: {"default": "callflows/hotline.yaml"})
    numbers: dict[str, str] = Field(default_factory=dict)
    reload_check_seconds: float = 2.0
    default_timezone: str = "Europe/Moscow"
    error_prompt: str = (
        "Извините, произошла техническая ошибка. Ваш звонок не потерян: "
        "координатор перезвонит вам. До свидания."
    )
    error_voice: str = "Polly.Tatyana"
    error_language: str = "ru-RU"
    finalize_after_minutes: int = 20
    transfer_finalize_after_minutes: int = 240
    max_nodes_per_step: int = 50
    db_lock_wait_seconds: float = Field(4.0, gt=0, le=6)


class RecordingSettings(_Section):
    dir: str = "instance/recordings"
    download_timeout_seconds: float = 30.0
    retry_intervals: list[int] = Field(default_factory=lambda: [10, 60, 300, 900, 3600])
    job_timeout_seconds: int = 120


class ModelSource(_Section):
    url: str
    sha256: str = ""
    dir: str
    description: str = ""


class TranscriptionSettings(_Section):
    enabled: bool = True
    model: str = "ru-small"
    model_path: str = ""
    models_dir: str = "instance/models"
    catalog: dict[str, ModelSource] = Field(default_factory=dict)
    max_audio_seconds: int = 900
    job_timeout_seconds: int = 900
    retry_intervals: list[int] = Field(default_factory=lambda: [30, 300])
    chunk_seconds: float = 0.2
    deterministic: bool = True


class ClassificationModelSettings(_Section):
    # Labelled stories the statistical second opinion learns from (never the test split); [] = rules only.
    data: list[str] = Field(default_factory=lambda: ["classification/data/dev.jsonl"])
    need: float = Field(default=0.6, gt=0, le=1)
    guess: float = Field(default=0.4, gt=0, le=1)
    crisis: float = Field(default=0.6, gt=0, le=1)
    high: float = Field(default=0.6, gt=0, le=1.01)   # above 1 = never
    category: float = Field(default=0.7, gt=0, le=1)
    doubt: float = Field(default=0.1, ge=0, lt=1)
    # Coordinators' corrections, exported by the cron scheduler and learnt from beside `data`: a file in
    # the instance folder (or an absolute path); "" = off.
    corrections: str = "classification-corrections.jsonl"
    corrections_every_hours: float = Field(default=24, gt=0)
    # A correction keeps the caller's story this long, then only its labels (152-ФЗ: health data no longer
    # than needed); the exported file follows at its next refresh.
    corrections_keep_days: int = Field(default=365, ge=1)
    vectors: bool = True    # word vectors (navec, from the natasha package) beside words and letters


class ClassificationSettings(_Section):
    rules: str = "classification/rules.yaml"
    reload_check_seconds: float = 5.0
    warm_up: bool = True    # train/load in the background at start, not at the first hang-up
    model: ClassificationModelSettings = Field(default_factory=ClassificationModelSettings)
    # Queue priority by urgency (higher is called back sooner), plus a bonus by category.
    priority: dict[str, int] = Field(default_factory=lambda: {"crisis": 1000, "high": 100, "normal": 10})
    category_bonus: dict[str, int] = Field(default_factory=dict)


class CallbackSettings(_Section):
    claim_minutes: int = 15
    retry_delays_minutes: list[int] = Field(default_factory=lambda: [120, 1440])
    max_attempts: int = 3
    window: str = "09:00-20:00"
    window_days: str = "mon-sat"
    crisis_ignores_window: bool = True
    sla_hours: dict[str, float] = Field(default_factory=lambda: {"crisis": 1, "high": 8, "normal": 48})
    category_sla_factor: dict[str, float] = Field(default_factory=dict)
    hotline_number: str = "+78003033030"
    time_slots: dict[str, str] = Field(default_factory=lambda: {
        "morning": "09:00-12:00", "afternoon": "12:00-16:00", "evening": "16:00-20:00"})

    @field_validator("time_slots")
    @classmethod
    def _slots(cls, value: dict[str, str]) -> dict[str, str]:
        from ivr.flow_schema import parse_time_range

        for name, span in value.items():
            if name not in ("morning", "afternoon", "evening"):
                raise ValueError(f"unknown time slot {name!r} (morning, afternoon, evening)")
            parse_time_range(span)
        return value

    @field_validator("window")
    @classmethod
    def _window(cls, value: str) -> str:
        from ivr.flow_schema import parse_time_range

        parse_time_range(value)
        return value

    @field_validator("window_days")
    @classmethod
    def _days(cls, value: str) -> str:
        from ivr.flow_schema import parse_days

        parse_days(value)
        return value


class WorkerSettings(_Section):
    queues: list[str] = Field(default_factory=lambda: ["high", "default", "transcribe", "low"])
    sweep_every_seconds: int = 60
    run_jobs_inline: bool = False


class WebSettings(_Section):
    host: str = "127.0.0.1"
    port: int = 5000
    workers: int = 2
    threads: int = 8
    trusted_proxies: int = 0
    max_request_bytes: int = 64 * 1024


class Settings(_Section):
    secret_key: str = ""
    public_base_url: str = ""
    instance_dir: str = "instance"
    database_url: str = ""
    redis_url: str = ""
    twilio: TwilioSettings = Field(default_factory=TwilioSettings)
    ivr: IvrSettings = Field(default_factory=IvrSettings)
    recordings: RecordingSettings = Field(default_factory=RecordingSettings)
    transcription: TranscriptionSettings = Field(default_factory=TranscriptionSettings)
    classification: ClassificationSettings = Field(default_factory=ClassificationSettings)
    callbacks: CallbackSettings = Field(default_factory=CallbackSettings)
    worker: WorkerSettings = Field(default_factory=WorkerSettings)
    web: WebSettings = Field(default_factory=WebSettings)
    regions: dict[str, Region] = Field(default_factory=dict)

    def path(self, value: str) -> Path:
        """Relative paths in the config are relative to the project root."""
        p = Path(value)
        return p if p.is_absolute() else ROOT / p

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return normalise_database_url(self.database_url)
        return f"sqlite:///{self.path(self.instance_dir) / 'hotline.db'}"


def normalise_database_url(url: str) -> str:
    """Plain postgres URLs (as hosting panels print them) are pointed at psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _deep_merge(base: dict, extra: dict) -> dict:
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def _set_path(data: dict, path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        data = data.setdefault(key, {})
    data[path[-1]] = value


def _env_layer(environ: dict[str, str]) -> dict:
    """HOTLINE_IVR__RELOAD_CHECK_SECONDS=5 sets ivr.reload_check_seconds; values are YAML."""
    layer: dict = {}
    for name, path in SECRET_ENV.items():
        if environ.get(name):
            _set_path(layer, path, environ[name])
    for name, raw in environ.items():
        if not name.startswith(ENV_PREFIX):
            continue
        path = tuple(part.lower() for part in name[len(ENV_PREFIX):].split("__"))
        try:
            value = yaml.safe_load(raw) if raw.strip() else ""
        except yaml.YAMLError:
            value = raw
        _set_path(layer, path, value)
    return layer


def load_settings(
    config_file: str | os.PathLike | None = None,
    environ: dict[str, str] | None = None,
    overrides: dict | None = None,
) -> Settings:
    environ = dict(os.environ if environ is None else environ)
    config_file = Path(config_file or environ.get(ENV_PREFIX + "CONFIG") or ROOT / "config.yaml")
    data: dict = {}
    if config_file.exists():
        try:
            data = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise ConfigError(f"{config_file}: not valid YAML: {exc}") from exc
        if not isinstance(data, dict):
            raise ConfigError(f"{config_file}: the top level must be a mapping of settings")
    environ.pop(ENV_PREFIX + "CONFIG", None)
    data = _deep_merge(data, _env_layer(environ))
    data = _deep_merge(data, overrides or {})
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise ConfigError(f"bad setting in {config_file} or environment: {problems}") from exc

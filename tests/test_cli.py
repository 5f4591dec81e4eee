"""Admin commands: list callback requests, simulate a call, migrate the schema."""

import json
import struct
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

import database
import models  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]


def test_callbacks_list_json(app, phone):
    phone("+79270000060").run(["1", "4", "4", "5"])
    result = app.test_cli_runner().invoke(args=["callbacks", "list", "--json"])
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.output)
    assert row["phone"] == "+79270000060"
    assert (row["category"], row["needs"], row["urgency"], row["region"], row["status"]) == \
        ("orphanage_graduate", ["employment"], "normal", "novosibirsk", "queued")
    assert row["has_recording"] is False and row["has_transcript"] is False
    assert row["created_at"].endswith("+00:00")


def test_callbacks_list_table(app, phone):
    phone("+79270000061").run(["1"])
    result = app.test_cli_runner().invoke(args=["callbacks", "list"])
    assert "+79270000061" in result.output and "queued" in result.output


def test_simulate_prints_what_the_caller_hears_and_the_resulting_request(app, tmp_path):
    wav = tmp_path / "story.wav"
    frames = b"\x00\x00" * 8000
    wav.write_bytes(b"RIFF" + struct.pack("<I", 36 + len(frames)) + b"WAVEfmt " +
                    struct.pack("<IHHIIHH", 16, 1, 1, 8000, 16000, 2, 16) + b"data" +
                    struct.pack("<I", len(frames)) + frames)
    result = app.test_cli_runner().invoke(args=[
        "call", "simulate", "--digits", "1,3,7,1,1", "--from", "+79270000062",
        "--record", str(wav), "--at", "2026-11-23T08:00"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Здравствуйте" in out and "← нажато 3" in out and "⏺ запись" in out
    assert "заявка на обратный звонок" in out and "seriously_ill_adult" in out and "psychological" in out
    assert "запись: stored" in out


def test_simulate_a_flow_edit_before_it_goes_live(app, tmp_path):
    draft = tmp_path / "draft.yaml"
    draft.write_text((ROOT / "callflows" / "hotline.yaml").read_text(encoding="utf-8")
                     .replace("Здравствуйте!", "Новое приветствие!"), encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["call", "simulate", "--flow", str(draft), "--from", "anonymous"])
    assert result.exit_code == 0 and "Новое приветствие!" in result.output
    assert "заявка не создана" in result.output


def test_migrations_build_exactly_the_models_on_sqlite(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.db'}"
    database.upgrade(url)
    engine = create_engine(url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), database.Base.metadata)
    assert diff == []


def test_migrations_build_exactly_the_models_on_postgresql(pg_url):
    engine = create_engine(pg_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), database.Base.metadata)
    assert diff == []

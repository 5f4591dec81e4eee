"""`flask models install`: verified, resumable, atomic — tested against a local archive server."""

import hashlib
import http.server
import io
import zipfile

import pytest

from ivr.simulator import LocalServer
from transcripts import installer


def model_zip(folder="vosk-model-small-ru-0.22", extra=None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(f"{folder}/conf/mfcc.conf", "--sample-frequency=16000\n")
        zf.writestr(f"{folder}/am/final.mdl", b"\x00" * 300_000)
        zf.writestr(f"{folder}/README", "test model")
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buf.getvalue()


class ArchiveServer(LocalServer):
    """Serves one archive with HTTP Range support; can drop the connection part-way, once."""

    def __init__(self, data: bytes, cut_at: int | None = None, honour_range: bool = True):
        self.data, self.cut_at, self.ranges = data, cut_at, []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                start = 0
                rng = self.headers.get("Range")
                outer.ranges.append(rng)
                if rng and outer.honour_range:
                    start = int(rng.split("=")[1].split("-")[0])
                    self.send_response(206)
                    self.send_header("Content-Range", f"bytes {start}-{len(outer.data) - 1}/{len(outer.data)}")
                else:
                    self.send_response(200)
                body = outer.data[start:]
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if outer.cut_at is not None:
                    self.wfile.write(body[:outer.cut_at])
                    outer.cut_at = None
                    self.wfile.flush()
                    self.connection.close()
                    return
                self.wfile.write(body)

            def log_message(self, *a):
                pass

        self.honour_range = honour_range
        super().__init__(Handler)
        self.archive_url = f"{self.url}/vosk-model-small-ru-0.22.zip"



@pytest.fixture
def archive_server():
    servers = []

    def start(*a, **kw):
        servers.append(ArchiveServer(*a, **kw))
        return servers[-1]

    yield start
    for s in servers:
        s.close()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def install(app, name, *extra):
    return app.test_cli_runner().invoke(args=["models", "install", name, *extra])


def test_install_verifies_and_unpacks(make_app, tmp_path, archive_server):
    data = model_zip()
    srv = archive_server(data)
    app = make_app(transcription={"models_dir": str(tmp_path / "models")})
    result = install(app, "ru-small", "--url", srv.archive_url, "--sha256", sha(data))
    assert result.exit_code == 0, result.output
    assert "100%" in result.output and "installed ru-small" in result.output
    model = tmp_path / "models" / "vosk-model-small-ru-0.22"
    assert (model / "conf" / "mfcc.conf").exists()
    assert not list((tmp_path / "models").glob("*.part"))


def test_a_wrong_checksum_installs_nothing(make_app, tmp_path, archive_server):
    srv = archive_server(model_zip())
    app = make_app(transcription={"models_dir": str(tmp_path / "models")})
    result = install(app, "ru-small", "--url", srv.archive_url, "--sha256", "0" * 64)
    assert result.exit_code == 1 and "SHA-256 mismatch" in result.output
    assert not (tmp_path / "models" / "vosk-model-small-ru-0.22").exists()


def test_without_a_known_checksum_install_refuses(make_app, tmp_path, archive_server):
    srv = archive_server(model_zip())
    app = make_app(transcription={"models_dir": str(tmp_path / "models")})
    result = install(app, "ru-small", "--url", srv.archive_url)
    assert result.exit_code == 1 and "no SHA-256" in result.output and srv.ranges == []


def test_a_broken_download_resumes_where_it_stopped(make_app, tmp_path, archive_server):
    data = model_zip()
    srv = archive_server(data, cut_at=100_000)
    app = make_app(transcription={"models_dir": str(tmp_path / "models")})
    first = install(app, "ru-small", "--url", srv.archive_url, "--sha256", sha(data))
    assert first.exit_code == 1 and "run the command again to resume" in first.output
    kept = (tmp_path / "models" / "vosk-model-small-ru-0.22.zip.part").stat().st_size
    assert 0 < kept <= 100_000
    second = install(app, "ru-small", "--url", srv.archive_url, "--sha256", sha(data))
    assert second.exit_code == 0, second.output
    assert srv.ranges == [None, f"bytes={kept}-"]
    assert (tmp_path / "models" / "vosk-model-small-ru-0.22" / "am" / "final.mdl").stat().st_size == 300_000


def test_a_server_that_ignores_range_restarts_cleanly(tmp_path, archive_server):
    data = model_zip()
    srv = archive_server(data, honour_range=False)
    part = tmp_path / "vosk-model-small-ru-0.22.zip.part"
    part.write_bytes(b"stale partial bytes")
    path = installer.install(srv.archive_url, sha(data), tmp_path, "vosk-model-small-ru-0.22", lambda *_: None)
    assert (path / "README").read_text() == "test model"


def test_archives_that_escape_the_folder_or_are_not_models_are_refused(tmp_path, archive_server):
    evil = model_zip(extra={"../../evil.txt": "x"})
    srv = archive_server(evil)
    with pytest.raises(installer.InstallError, match="outside the model folder"):
        installer.install(srv.archive_url, sha(evil), tmp_path / "m", "vosk-model-small-ru-0.22", lambda *_: None)
    assert not (tmp_path / "evil.txt").exists()
    wrong = model_zip(folder="something-else")
    srv2 = archive_server(wrong)
    with pytest.raises(installer.InstallError, match="not the expected folder"):
        installer.install(srv2.archive_url, sha(wrong), tmp_path / "m2", "vosk-model-small-ru-0.22", lambda *_: None)


def test_models_check_says_what_is_installed_and_whether_it_loads(make_app, tmp_path, ko_model):
    app = make_app(transcription={"models_dir": str(tmp_path / "models")})
    missing = app.test_cli_runner().invoke(args=["models", "check"])
    assert missing.exit_code == 1
    assert "ru-small   not installed" in missing.output and "transcription unavailable" in missing.output
    ok = make_app(transcription={"model_path": ko_model}).test_cli_runner().invoke(args=["models", "check"])
    assert ok.exit_code == 0 and "configured model loads: model (16000 Hz)" in ok.output

"""The benchmark's floor: a bare Flask route that does one SQL insert and returns fixed TwiML.

Same engine setup (database.make_engine) as the service, so the comparison is about what the
hotline does per webhook, not about SQLite settings.
"""

import os

from flask import Flask, Response
from sqlalchemy import text

from database import make_engine

TWIML = ('<?xml version="1.0" encoding="UTF-8"?><Response><Gather action="/twiml" numDigits="1">'
         '<Say language="ru-RU">Нажмите 1</Say></Gather></Response>')


def create_app() -> Flask:
    app = Flask(__name__)
    engine = make_engine(os.environ["BENCH_BASELINE_DB"])
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE IF NOT EXISTS hits (id INTEGER PRIMARY KEY, "
                          "sid VARCHAR(64), body TEXT)" if engine.dialect.name == "sqlite" else
                          "CREATE TABLE IF NOT EXISTS hits (id SERIAL PRIMARY KEY, sid VARCHAR(64), body TEXT)"))

    @app.post("/twiml")
    def twiml():
        from flask import request

        with engine.begin() as conn:
            conn.execute(text("INSERT INTO hits (sid, body) VALUES (:sid, :body)"),
                         {"sid": request.form.get("CallSid", ""), "body": str(dict(request.form))})
        return Response(TWIML, mimetype="text/xml")

    return app

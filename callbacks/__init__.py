"""Callback requests: created from finished calls, worked by coordinators."""

from flask import Flask


def init_app(app: Flask) -> None:
    from callbacks.cli import callbacks_cli

    app.cli.add_command(callbacks_cli)

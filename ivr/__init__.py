"""The voice side: Twilio webhooks running admin-edited YAML call flows."""

from flask import Flask


def init_app(app: Flask) -> None:
    import database
    from ivr import cli, sweeper, webhooks
    from ivr.calls import CallHandler
    from ivr.flow_store import FlowStore

    settings = app.config["SETTINGS"]
    db = app.extensions["database"]
    flows = FlowStore(
        paths={name: settings.path(p) for name, p in settings.ivr.flows.items()},
        regions=list(settings.regions),
        check_every=settings.ivr.reload_check_seconds,
        new_session=lambda: database.Session(db.engine.execution_options(sqlite_immediate=True)),
    )
    app.extensions["flows"] = flows
    app.extensions["calls"] = CallHandler(settings, flows)
    app.register_blueprint(webhooks.bp)
    app.cli.add_command(cli.callflow_cli)
    app.cli.add_command(cli.call_cli)
    app.cli.add_command(sweeper.sweep_command)

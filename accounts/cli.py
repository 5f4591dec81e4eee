"""`flask users create …`: accounts are made by an admin (the first one from the command line)."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

import database
from accounts.auth import create_user
from accounts.models import ROLES, User


@click.group("users", cls=AppGroup, help="Console users.")
def users_cli() -> None:
    pass


@users_cli.command("create", help="Create a console user (asks for the password if not given).")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--name", "full_name", default="")
@click.option("--region", "regions", multiple=True, help="Region id the coordinator works (repeatable).")
@click.option("--phone", default=None, help="Phone the console rings for click-to-call (E.164).")
@click.option("--password", default=None, help="Better omitted: it is then asked for, hidden.")
def create_command(username, role, full_name, regions, phone, password) -> None:
    from flask import current_app

    known = set(current_app.config["SETTINGS"].regions) | {"other"}
    unknown = [r for r in regions if r not in known]
    if unknown:
        raise click.ClickException(f"unknown region(s) {unknown}; known: {', '.join(sorted(known))}")
    if password is None:
        password = click.prompt("Пароль", hide_input=True, confirmation_prompt=True)
    s = database.session()
    try:
        user = create_user(s, username, password, role, full_name, list(regions), phone)
    except ValueError as exc:
        raise click.ClickException(str(exc))
    s.commit()
    click.echo(f"created {user.role} {user.username} (id {user.id})")


@users_cli.command("list", help="List console users.")
def list_command() -> None:
    for u in database.session().scalars(select(User).order_by(User.id)):
        click.echo(f"{u.id:4} {u.username:20} {u.role:12} {','.join(u.regions or []) or '—':30} "
                   f"{'active' if u.is_active else 'disabled'}")

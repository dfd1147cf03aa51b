"""The client systems of the register API (docs/api.md): make one (its token and, with
--webhook, the webhook's signing secret are printed once and kept only as a digest or
in the database), list them, switch one off."""

import secrets

from django.core.management.base import BaseCommand, CommandError

from documents.exchange import api_client_create
from documents.models import ApiClient, Webhook
from documents.models.exchange import SCOPES


class Command(BaseCommand):
    help = "Make, list or switch off a client system of the register API."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="a new client and its token (printed once)")
        create.add_argument("name")
        create.add_argument(
            "--scope", action="append", default=None, choices=[s for s, _ in SCOPES]
        )
        create.add_argument("--webhook", help="where registrations and status changes are POSTed")
        sub.add_parser("list", help="every client, its scopes and last call")
        off = sub.add_parser("deactivate", help="refuse the client's token from now on")
        off.add_argument("name")

    def handle(self, *args, action, **options):
        if action == "create":
            if ApiClient.objects.filter(name=options["name"]).exists():
                raise CommandError(f"A client named {options['name']!r} exists already.")
            client, token = api_client_create(
                name=options["name"], scopes=options["scope"] or ["register:read"]
            )
            self.stdout.write(f"Token (shown once, keep it secret): {token}")
            if options["webhook"]:
                secret = secrets.token_urlsafe(32)
                Webhook.objects.create(client=client, url=options["webhook"], secret=secret)
                self.stdout.write(f"Webhook signing secret (shown once): {secret}")
        elif action == "list":
            for client in ApiClient.objects.order_by("name"):
                state = "active" if client.active else "off"
                last = client.last_used_at.isoformat() if client.last_used_at else "never"
                self.stdout.write(
                    f"{client.name}\t{client.token_prefix}…\t{','.join(client.scopes)}\t"
                    f"{state}\tlast call: {last}"
                )
        else:
            if not ApiClient.objects.filter(name=options["name"]).update(active=False):
                raise CommandError(f"No client named {options['name']!r}.")
            self.stdout.write(f"{options['name']}: switched off.")

"""Close every route in force whose academic period has ended. Run daily by cron or a
systemd timer (see README), e.g. `manage.py close_ended_routes --actor centre_head`."""

from django.core.management.base import BaseCommand, CommandError

from routes.services import RouteError, close_ended_routes


class Command(BaseCommand):
    help = "Close the routes in force whose academic period has ended."

    def add_arguments(self, parser):
        parser.add_argument(
            "--actor", required=True, help="User name of the centre head recorded as closing."
        )

    def handle(self, *args, actor, **options):
        try:
            closed = close_ended_routes(actor)
        except RouteError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Closed {closed} route(s).")

"""Close every route in force whose academic period has ended. Run daily by cron or a
systemd timer (see README), e.g. `manage.py close_ended_routes --actor centre_head`."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from routes.models import Route, RouteStatus
from routes.services import RouteError, route_close


class Command(BaseCommand):
    help = "Close the routes in force whose academic period has ended."

    def add_arguments(self, parser):
        parser.add_argument(
            "--actor", required=True, help="User name of the centre head recorded as closing."
        )

    def handle(self, *args, actor, **options):
        user = get_user_model().objects.filter(username=actor, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {actor!r}.")
        ended = Route.objects.filter(
            status=RouteStatus.ACTIVE, period__ends_on__lt=timezone.localdate()
        )
        closed = 0
        for route in ended.iterator():
            try:
                with translation.override(user.language):
                    comment = _("The academic period has ended.")
                route_close(route=route, actor=user, comment=comment)
            except RouteError as error:
                raise CommandError(str(error)) from error
            closed += 1
        self.stdout.write(f"Closed {closed} route(s).")

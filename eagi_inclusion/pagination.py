"""Pagination whose cost does not grow with the table.

Django's paginator counts every matching row to print "Page 3 of 800": at national
scale that count was the part of a list page that grew with the data (the register's
count of 63,000 documents took longer than the page itself). This paginator counts at
most `cap` rows — or, for a page further on, just past that page — so a list answers
in the same time whatever the table's size. Beyond the cap the page says "more than
1,000"; an exact figure is one filter away, and the centre's figures and statistics
give the totals."""

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property


class BoundedPaginator(Paginator):
    cap = 1000

    def validate_number(self, number):
        # Count far enough to know whether the requested page exists (and the next).
        if "count" not in self.__dict__:
            try:
                wanted = max(1, int(number))
            except (TypeError, ValueError):
                wanted = 1
            self._window = max(self.cap, wanted * self.per_page)
        return super().validate_number(number)

    @cached_property
    def count(self) -> int:
        """The rows counted: exact up to the window, one more than it beyond."""
        rows = self.object_list[: self.window + 1]
        return rows.count() if isinstance(rows, QuerySet) else len(rows)

    @property
    def window(self) -> int:
        return getattr(self, "_window", self.cap)

    @property
    def exact(self) -> bool:
        return self.count <= self.window

    @property
    def shown_count(self) -> int:
        """What the page says: the exact count, or the window it is "more than"."""
        return self.count if self.exact else self.window

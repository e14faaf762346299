"""The rows of a long table, a page at a time: the ordered ids are held (one SQL query each
reload), a page's rows are read when first shown, and the most recently used pages are kept
(a register of 100,000 members or an audit log of millions of entries never loads whole)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from typing import Generic, TypeVar

Row = TypeVar("Row")


class PagedRows(Generic[Row]):
    def __init__(self, read: Callable[[list[int]], Mapping[int, Row]], page_size: int,
                 cached_pages: int) -> None:
        self._read = read  # the rows of these ids, by id (opens its own session)
        self.page_size = page_size
        self.cached_pages = cached_pages
        self.ids: list[int] = []
        self._index: dict[int, int] | None = None
        self._pages: OrderedDict[int, list[Row]] = OrderedDict()
        self._last: tuple[int, list[Row]] = (-1, [])
        self.page_reads = 0  # pages read from the database (the benchmark reports it)

    def reset(self, ids: list[int]) -> None:
        self.ids = ids
        self._index = None
        self._pages.clear()
        self._last = (-1, [])

    def __len__(self) -> int:
        return len(self.ids)

    def row_of(self, key: Hashable) -> int | None:
        if self._index is None:
            self._index = {row_id: row for row, row_id in enumerate(self.ids)}
        return self._index.get(key)  # type: ignore[call-overload]

    def __getitem__(self, row: int) -> Row:
        page_number, offset = divmod(row, self.page_size)
        if page_number == self._last[0]:  # painting asks for one row many times running
            return self._last[1][offset]
        page = self._pages.get(page_number)
        if page is None:
            ids = self.ids[page_number * self.page_size:(page_number + 1) * self.page_size]
            rows = self._read(ids)
            page = [rows[row_id] for row_id in ids]
            self.page_reads += 1
            self._pages[page_number] = page
            while len(self._pages) > self.cached_pages:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_number)
        self._last = (page_number, page)
        return page[offset]

    def replace(self, key: Hashable, new: Row) -> None:
        """A row saved: the page holding it (if read) shows the new one."""
        row = self.row_of(key)
        if row is None:
            return
        page = self._pages.get(row // self.page_size)
        if page is not None:
            page[row % self.page_size] = new

"""Hot look-ups compiled once per process: a queryset's SQL is built on first use and then run
with new parameter values, so a request pays for the database round trip, not for the ORM.

    TOKEN = Prepared(lambda: ApiToken.objects.filter(key_hash=Param("key", CharField()))[:1])
    token = TOKEN.first(key=digest)

The queryset is built by the function once per database alias; every value that changes between
calls must be a `Param` (anything else is frozen into the SQL). Rows come back through the same
iterable class as the queryset's (model instances with their select_related rows, values, flat
values_list) and the same converters, so the result is the ORM's. Only SQL is cached, never rows:
nothing here goes stale when data changes.
"""

from __future__ import annotations

import copy
import threading
import weakref
from collections.abc import Callable
from typing import Any

from django.db import connections, router
from django.db.models import Expression, Field, QuerySet
from django.db.transaction import TransactionManagementError


class Param(Expression):
    """A named placeholder in a prepared queryset; its value is converted by `output_field` per call."""

    def __init__(self, name: str, output_field: Field) -> None:
        super().__init__(output_field=output_field)
        self.name = name

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list]:
        return "%s", [_Slot(self.name, self.output_field)]


class Prepared:
    """A queryset whose SQL is compiled once per database alias (thread-safe: the compiled state is
    only read after it is stored; each call copies the compiler and gives it this thread's connection)."""

    def __init__(self, build: Callable[[], QuerySet]) -> None:
        self._build = build
        self._template: QuerySet | None = None  # which model, read or write: the router picks per call
        self._compiled: dict[str, _Compiled] = {}
        self._lock = threading.Lock()

    def all(self, *, using: str | None = None, **values: Any) -> list:
        compiled = self._compile(using)
        connection = connections[compiled.alias]
        if compiled.queryset.query.select_for_update and connection.get_autocommit():
            raise TransactionManagementError("select_for_update cannot be used outside of a transaction.")
        params = tuple(p.value(values, connection) if isinstance(p, _Slot) else p for p in compiled.params)
        compiler = copy.copy(compiled.compiler)
        compiler.connection = connection
        compiler.as_sql = lambda *args, **kwargs: (compiled.sql, params)
        compiler.get_converters = lambda expressions: compiled.converters(compiler, connection, expressions)
        view = _QuerySetView(compiled.queryset, _QueryView(compiled.queryset.query, compiler), compiled.alias)
        return list(compiled.queryset._iterable_class(view))

    def first(self, *, using: str | None = None, **values: Any) -> Any:
        """The first row or None (slice the queryset to one row in `build` so the database stops there)."""
        rows = self.all(using=using, **values)
        return rows[0] if rows else None

    def sql(self, using: str | None = None) -> str:
        return self._compile(using).sql

    def _compile(self, using: str | None) -> _Compiled:
        alias = using or self._alias()
        compiled = self._compiled.get(alias)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(alias) or self._compile_now(alias)
                self._compiled[alias] = compiled
        return compiled

    def _alias(self) -> str:
        """The database the queryset itself would use now (QuerySet.db: the router decides per
        call, e.g. a GET reading the replica)."""
        template = self._template
        if template is None:
            template = self._template = self._build()
        if template._db:
            return template._db
        choose = router.db_for_write if template._for_write else router.db_for_read
        return choose(template.model, **template._hints)

    def _compile_now(self, alias: str) -> _Compiled:
        queryset = self._build()
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        names = {p.name for p in params if isinstance(p, _Slot)}
        if not names:
            raise ValueError("a prepared queryset needs at least one Param")
        return _Compiled(alias=alias, queryset=queryset, compiler=compiler, sql=sql, params=tuple(params))


class _Slot:
    """Where a Param's value goes in the compiled parameters."""

    __slots__ = ("name", "field")

    def __init__(self, name: str, field: Field) -> None:
        self.name, self.field = name, field

    def value(self, values: dict[str, Any], connection: Any) -> Any:
        try:
            value = values[self.name]
        except KeyError:
            raise TypeError(f"missing value for Param {self.name!r}") from None
        return self.field.get_db_prep_value(value, connection, prepared=False)


class _Compiled:
    __slots__ = ("alias", "queryset", "compiler", "sql", "params", "_converters")

    def __init__(self, *, alias: str, queryset: QuerySet, compiler: Any, sql: str, params: tuple) -> None:
        self.alias, self.queryset, self.compiler, self.sql, self.params = alias, queryset, compiler, sql, params
        # The row converters of the selected columns, per connection (a backend's converters may be
        # bound to its connection, and each thread has its own).
        self._converters: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def converters(self, compiler: Any, connection: Any, expressions: list) -> dict:
        found = self._converters.get(connection)
        if found is None:
            found = self._converters[connection] = type(compiler).get_converters(compiler, expressions)
        return found


class _QueryView:
    """The compiled query, handing out the prepared compiler instead of compiling again."""

    def __init__(self, query: Any, compiler: Any) -> None:
        self._query, self._compiler = query, compiler

    def get_compiler(self, using: str | None = None, connection: Any = None, elide_empty: bool = True) -> Any:
        return self._compiler

    def __getattr__(self, name: str) -> Any:
        return getattr(self._query, name)


class _QuerySetView:
    """What the ORM's row iterables read from a queryset, with the prepared query."""

    def __init__(self, queryset: QuerySet, query: _QueryView, alias: str) -> None:
        self._queryset, self.query, self.db = queryset, query, alias

    def __getattr__(self, name: str) -> Any:
        return getattr(self._queryset, name)

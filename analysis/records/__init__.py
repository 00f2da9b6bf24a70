"""The operational store: records people type (monitoring, consultation), kept apart from
the analytical DuckDB, which is rebuilt from sources.

Modules
-------
database
    ``Base``, ``engine_for``, ``upgrade`` (Alembic to head), ``session_scope``.
users
    Roles, principals, local accounts (argon2) and failed-login rate limiting.
permissions
    ``PermissionDenied`` and the ``require_*`` checks every service calls.
audit
    One ``AuditEntry`` per change: who, when, which record, before and after.
locking
    Optimistic locking (``Versioned`` mixin, ``ConflictError``).
mixins
    Publication state, soft delete and timestamps shared by record tables.
institutions
    The MMM member institutions (contacts private) and their service functions.
backup
    A consistent, backend-neutral backup and its restore.
"""

"""What the live screens' hand-written statements share: column names from the models'
_meta, so a renamed field or table never leaves a statement behind."""

from __future__ import annotations

from django.db.models.options import Options


def col(meta: Options, name: str) -> str:
    """The column of field `name` (or of an attname such as network_id)."""
    return meta.get_field(name).column  # type: ignore[union-attr,return-value]

"""api_token.expires_at and revoked_at: personal API tokens that expire and can be revoked

A token works until it expires (90 days after it is made unless the command
that makes it says otherwise) or is revoked. Tokens made before this migration
expire 90 days from now.

Revision ID: 0008
Revises: 0007
"""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

EXISTING_TOKENS_LAST = timedelta(days=90)


def upgrade() -> None:
    # Nothing refers to api_token, so rebuilding it on SQLite (batch mode) deletes nothing else.
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True))
    api_token = sa.table("api_token", sa.column("expires_at", sa.DateTime(timezone=True)))
    op.execute(api_token.update().values(expires_at=datetime.now(UTC) + EXISTING_TOKENS_LAST))
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.alter_column("expires_at", existing_type=sa.DateTime(timezone=True), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.drop_column("revoked_at")
        batch_op.drop_column("expires_at")

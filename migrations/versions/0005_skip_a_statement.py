"""tag: "skip", for a person not sure about a statement

A participant may pass on a statement rather than be pushed into a tag they
do not mean. It is one more value of the tag (one per person per statement,
replaced by a later choice), counted apart from borrow, adapt and ignore.

Revision ID: 0005
Revises: 0004
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _values(*values: str) -> str:
    return "value IN ({})".format(", ".join(f"'{value}'" for value in values))


def upgrade() -> None:
    # On SQLite this rebuilds the tag table, its indexes and named constraints with it.
    with op.batch_alter_table("tag", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_tag_value"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_tag_value"), _values("borrow", "adapt", "ignore", "skip"))


def downgrade() -> None:
    # The schema before had no way to say "not sure": those tags go.
    op.execute("DELETE FROM tag WHERE value = 'skip'")
    with op.batch_alter_table("tag", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_tag_value"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_tag_value"), _values("borrow", "adapt", "ignore"))

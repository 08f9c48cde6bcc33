"""The migrations build exactly the schema that workshop/models.py describes."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from workshop.database import make_engine
from workshop.models import Base


def test_the_migrated_schema_matches_the_models(database_url):
    engine = make_engine(database_url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert differences == []

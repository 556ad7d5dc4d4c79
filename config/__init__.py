"""The obligation catalogue: what is owed, by whom, to whom and when.

``config/catalogue/*.yaml`` is what a board business manager edits, one file per
partnership; :mod:`config.schema` is the typed shape; :mod:`config.loader` turns the files
into a frozen :class:`~config.schema.Catalogue` or into one clear error line per problem.
"""

from pathlib import Path

CATALOGUE_DIR = Path(__file__).parent / "catalogue"

"""The obligation catalogue: what is owed, by whom, to whom and when.

``config/catalogue/*.yaml`` is what a board business manager edits, one file per
partnership; ``config/templates/*.yaml`` start new ones (:mod:`config.init_area`).
:mod:`config.schema` is the typed shape; :mod:`config.loader` turns the files into a frozen
:class:`~config.catalogue.Catalogue` or into one clear error line per problem (reading:
:mod:`config.strict_yaml`; caches: :mod:`config.cache`; checks and warnings:
:mod:`config.checks`).
"""

from pathlib import Path

CATALOGUE_DIR = Path(__file__).parent / "catalogue"

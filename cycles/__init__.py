"""reporting-cycles: the reporting cycles of safeguarding children partnerships, on time.

The import graph is one-way: ``cycles.engine`` (pure time rules) <- ``config`` (the catalogue)
<- ``cycles.scan`` (pure decisions) <- ``storage``, ``cycles.notify`` (side effects)
<- ``cycles.runner`` <- ``flows``.
Only ``flows`` imports prefect; only the Apprise modules of ``cycles.notify`` import apprise.
"""

__version__ = "0.1.0"

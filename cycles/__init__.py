"""reporting-cycles: statutory reporting cycles between safeguarding boards and Children's Trusts.

The import graph is one-way: ``cycles.engine`` (pure time rules) <- ``config`` (the catalogue)
<- ``cycles.scan`` (pure decisions) <- ``storage`` / ``cycles.notify`` (side effects) <- ``flows``.
Nothing below ``flows`` imports prefect; nothing below ``cycles.notify.apprise_seam`` imports apprise.
"""

__version__ = "0.1.0"

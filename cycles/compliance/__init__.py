"""``cycles.compliance``: the yearly evidence of on-time reporting, for the annual
assessment of governance.

Pure apart from :mod:`.files`: no clock, no prefect. :func:`compliance` (``classify.py``)
classifies stored occurrences (read by :func:`storage.reporting.year_rows`) as they stood at
the end of an as-of date into a :class:`Compliance` of :class:`ReportLine` (``model.py``);
the renderers lay it out as HTML (``html.py`` with the pictures of ``svg.py``), Markdown
(``markdown.py``) or CSV (``csv_export.py``); ``files.py`` builds it from a database and
writes the files; ``years.py`` holds the financial-year helpers.

Definitions (the same text is printed in every report, see :data:`DEFINITIONS`):

* **the year** is a financial year, 1 April to 31 March; an occurrence belongs to the year,
  quarter and month of its *original* due date (as the catalogue computed it), so a deferral
  never moves a report out of the year it was owed in.
* **the due date in force** is the original due date, moved by each deferral that was
  approved (recorded) on or before the due date then in force. A deferral approved after
  that date had passed is listed but does not move the deadline.
* **on time**: submitted on or before the due date in force (the submission's London date);
  **late**: submitted after it; **missed**: not submitted (nor waived) and the due date in
  force is before the as-of date; **open**: not submitted and not yet past due; **waived**:
  waived by a recorded decision. Records dated after the as-of date are ignored, so a report
  as of a past date shows what was known then.
* **on-time rate** = on time / (on time + late + missed); open and waived occurrences are left
  out. None (shown as "-") when nothing has been assessed yet.
* **working days late** counts the area's working days (weekends, England's bank holidays and
  the area's closures skipped) after the due date in force up to the day the report arrived;
  a report that arrives on a non-working day counts as arriving on the next working day, so a
  late report is always at least 1 working day late.
* **owner roles**: an obligation with two owners counts in both owners' figures.
"""

from cycles.compliance.classify import classify, compliance
from cycles.compliance.csv_export import to_csv, to_summary_csv
from cycles.compliance.files import (
    FORMATS,
    render,
    report_file_names,
    write_atomic,
    write_report_files,
)
from cycles.compliance.html import to_html
from cycles.compliance.markdown import to_markdown
from cycles.compliance.model import (
    Compliance,
    DecisionNote,
    Group,
    Outcome,
    ReportLine,
    Tally,
    Unrecorded,
)
from cycles.compliance.wording import DEFINITIONS, fmt_days, fmt_rate, headline, rate_phrase
from cycles.compliance.years import month_index, parse_year, quarter_of, year_label

__all__ = [
    "DEFINITIONS", "FORMATS", "Compliance", "DecisionNote", "Group", "Outcome", "ReportLine",
    "Tally", "Unrecorded", "classify", "compliance", "fmt_days", "fmt_rate",
    "headline", "month_index", "parse_year", "quarter_of", "rate_phrase", "render",
    "report_file_names", "to_csv", "to_html", "to_markdown", "to_summary_csv", "write_atomic",
    "write_report_files", "year_label",
]

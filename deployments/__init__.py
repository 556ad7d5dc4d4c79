"""When the flows run: ``prefect.yaml`` (read by ``prefect deploy`` and by ``cycles serve``)
and ``logging.yml`` (Prefect's logging config with the shutdown noise silenced). A package
only so that both files are installed with the code."""

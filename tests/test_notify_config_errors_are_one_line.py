"""A notification config that cannot be used is one NotifyConfigError line naming the file
(and the variable, when one is missing)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cycles.notify.apprise_notifier import ENV_VAR, AppriseNotifier
from cycles.notify.seam import NotifyConfigError

GOOD_URL = "mailto://127.0.0.1:2525?from=cycles@localhost&to=dcs@medway.example"


def error_for(path: Path, environ: dict[str, str] | None = None) -> str:
    with pytest.raises(NotifyConfigError) as err:
        AppriseNotifier(path, environ=environ or {})
    message = str(err.value)
    assert "\n" not in message
    assert str(path) in message
    return message


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("bad.yml", "urls:\n  - [mailto://x\n", "not valid YAML at line 3"),
        ("tabs.yml", "urls:\n\t- mailto://x\n", "not valid YAML at line 2"),
        ("empty.yml", "", "not an Apprise YAML config"),
        ("none.yml", "version: 1\nurls: []\n", "no notification URLs"),
        ("nourls.yml", "version: 1\nasset:\n  app_id: x\n", "no notification URLs"),
        ("scalar.yml", "urls: mailto://x\n", "'urls:' must be a list"),
        ("scheme.yml", "urls:\n  - foo://host/path:\n      tag: a.b\n",
         "urls entry #1: unknown notification scheme 'foo://'"),
        ("rejected.yml",
         "urls:\n  - mailto://127.0.0.1?from=not-an-address&to=a@example.org:\n      tag: a.b\n",
         "Invalid ~From~ email specified"),
        ("badid.yml", "urls:\n  - workflows://host/bad!id/sig/:\n      tag: a.b\n",
         "An invalid Workflows ID"),
        ("garbage.txt", "this is not a config\n", "neither Apprise YAML nor TEXT"),
        ("scheme.txt", "a_b=foo://host/path\n", "line 1: unknown notification scheme 'foo://'"),
        ("dotted.txt", f"# comment\nmedway.dcs={GOOD_URL}\n",
         "line 2: Apprise's TEXT format does not allow '.' in a tag (medway.dcs)"),
        ("include.yml", f"include:\n  - other.yml\nurls:\n  - {GOOD_URL}\n",
         "'include' is not supported"),
    ],
)
def test_malformed_config_is_one_line(tmp_path: Path, name: str, text: str,
                                      expected: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert expected in error_for(path)


def test_missing_file(tmp_path: Path) -> None:
    assert "file not found" in error_for(tmp_path / "nope.yml")


def test_a_directory_is_not_a_config(tmp_path: Path) -> None:
    assert "is a directory" in error_for(tmp_path)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.yml"
    path.write_text(f"urls:\n  - {GOOD_URL}\n", encoding="utf-8")

    def denied(self: Path, *args: object, **kwargs: object) -> str:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_text", denied)  # chmod 0 does not stop root
    assert "cannot be read (permission denied)" in error_for(path)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yml"
    path.write_bytes(b"urls:\n  - mailto://caf\xe9\n")
    assert "not UTF-8" in error_for(path)


def test_missing_variable_is_named_and_no_value_is_shown(tmp_path: Path) -> None:
    path = tmp_path / "apprise.yml"
    path.write_text("urls:\n  - mailto://u:${SMTP_PASSWORD}@127.0.0.1?from=${FROM}&to=a@b.org:\n"
                    "      tag: a.b\n", encoding="utf-8")
    message = error_for(path, environ={"FROM": "cycles@localhost"})
    assert "environment variable SMTP_PASSWORD is not set" in message
    assert "cycles@localhost" not in message


def test_missing_variable_in_text_config_gives_the_line(tmp_path: Path) -> None:
    path = tmp_path / "apprise.txt"
    path.write_text("# ${IN_A_COMMENT} is ignored\na_b=json://${HOST}/\n", encoding="utf-8")
    assert "line 2: environment variable HOST is not set" in error_for(path)


def test_variables_in_yaml_comments_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "apprise.yml"
    path.write_text(f"# set ${{NOT_NEEDED}} one day\nurls:\n  - {GOOD_URL}:\n      tag: a.b\n",
                    encoding="utf-8")
    assert len(AppriseNotifier(path, environ={}).routes("a.b")) == 1


def test_from_env_or_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    with pytest.raises(NotifyConfigError, match=f"pass --notify PATH or set {ENV_VAR}"):
        AppriseNotifier.from_env_or_path(None)
    path = tmp_path / "apprise.yml"
    path.write_text(f"urls:\n  - {GOOD_URL}:\n      tag: a.b\n", encoding="utf-8")
    monkeypatch.setenv(ENV_VAR, str(path))
    assert AppriseNotifier.from_env_or_path(None).path == path
    with pytest.raises(NotifyConfigError, match="file not found"):
        AppriseNotifier.from_env_or_path(str(tmp_path / "other.yml"))  # the argument wins


def test_the_shipped_example_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    example = Path(__file__).resolve().parents[1] / "config" / "apprise.example.yml"
    environ = {"SMTP_PASSWORD": 'p@ss: "w#rd/1', "MEDWAY_TEAMS_WORKFLOW_ID": "abc123",
               "MEDWAY_TEAMS_SIGNATURE": "sig456"}
    notifier = AppriseNotifier(example, environ=environ)
    kinds = sorted(r.kind for r in notifier.routes("medway.mscb_chair"))
    assert kinds == ["email", "email", "teams"]  # own email, the `always` archive, Teams
    assert len(notifier.routes("newcastle.dcs")) == 1  # the archive only

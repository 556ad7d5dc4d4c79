"""``cycles web`` as people run it: a real process serving links, whose output never shows a
token (uvicorn's access log is scrubbed); ``--rotate-key`` withdraws old links; ``--demo``
serves the demo database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pendulum
import pytest
from web_support import csrf, free_socket, make_site

CYCLES = Path(sys.executable).parent / "cycles"
REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def command(*args: str) -> list[str]:
    return [str(CYCLES), *args] if CYCLES.exists() else [sys.executable, "-m", "cycles.cli",
                                                          *args]


def environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "CYCLES_DATA_DIR": str(tmp_path / "data"),
           **extra}
    for name in ("CYCLES_SECRET_KEY", "CYCLES_BASE_URL", "CYCLES_APPRISE_CONFIG",
                 "CYCLES_DATABASE_URL"):
        if name not in extra:
            env.pop(name, None)
    return env


class Served:
    def __init__(self, proc: subprocess.Popen[str], url: str, log: Path):
        self.proc, self.url, self.log = proc, url, log


def start(args: list[str], env: dict[str, str], cwd: Path) -> Iterator[Served]:
    sock = free_socket()
    port = sock.getsockname()[1]
    sock.close()
    log = cwd / "web.log"
    with log.open("w") as out:
        proc = subprocess.Popen(command("web", "--port", str(port), *args), cwd=cwd, env=env,
                                stdout=out, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "cycles web did not start"
            time.sleep(0.2)
        yield Served(proc, url, log)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


@pytest.fixture
def site_and_env(tmp_path: Path) -> tuple[object, dict[str, str]]:
    site = make_site(tmp_path, f"sqlite:///{tmp_path / 'cycles.sqlite'}")
    site.key = b"k" * 40
    env = environment(tmp_path, CYCLES_SECRET_KEY="k" * 40,
                      CYCLES_DATABASE_URL=site.url, CYCLES_CATALOGUE=str(site.folder))
    return site, env


def test_served_links_work_and_tokens_stay_out_of_the_log(
        site_and_env: tuple[object, dict[str, str]], tmp_path: Path) -> None:
    site, env = site_and_env
    gen = start(["--base-url", "https://cycles.webton.example"], env, tmp_path)
    served = next(gen)
    try:
        site.base = served.url  # type: ignore[attr-defined]
        site.clock.now = pendulum.now("UTC")  # type: ignore[attr-defined]  # the server's clock
        today = pendulum.now("Europe/London").date().isoformat()
        links = [site.link(a) for a in ("view", "submit")]  # type: ignore[attr-defined]
        with httpx.Client(timeout=30) as client:
            assert client.get(links[0]).status_code == 200
            page = client.get(links[1]).text
            answer = client.post(links[1], data={"csrf": csrf(page), "by": "Report Owner",
                                                 "date": today, "evidence": "", "note": ""})
            assert answer.status_code == 200 and "recorded: " in answer.text
            assert client.get(links[0][:-2] + "xx").status_code == 403
    finally:
        for _ in gen:
            pass
    output = served.log.read_text()
    assert '"GET /a/[token] HTTP/1.1" 200' in output
    assert '"POST /a/[token] HTTP/1.1"' in output
    for link in links:
        token = link.rsplit("/", 1)[1]
        assert token not in output
        assert token.split(".")[2] not in output


def test_rotate_key_withdraws_old_links(tmp_path: Path) -> None:
    from cycles.links.keys import load_key

    env = environment(tmp_path)
    done = subprocess.run(command("web", "--rotate-key"), cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "links sent before now show \"this link has been withdrawn\"" in done.stdout
    assert load_key(tmp_path / "data")
    refused = subprocess.run(command("web", "--rotate-key"), cwd=tmp_path,
                             env={**env, "CYCLES_SECRET_KEY": "x" * 40},
                             capture_output=True, text=True, timeout=60)
    assert refused.returncode == 2
    assert refused.stderr.strip() == ("error: CYCLES_SECRET_KEY is set: rotate it where it is "
                                      "set (the key file is not used)")


def test_demo_serves_the_demo_database(tmp_path: Path) -> None:
    env = environment(tmp_path)
    gen = start(["--demo"], env, tmp_path)
    served = next(gen)
    try:
        home = httpx.get(served.url + "/", timeout=10)
        assert home.status_code == 200 and "Reporting cycles" in home.text
        assert (tmp_path / "data" / "cycles.sqlite").exists()
        assert (tmp_path / "data" / "secret.key").exists()
    finally:
        for _ in gen:
            pass


def test_no_base_url_is_one_line(tmp_path: Path) -> None:
    done = subprocess.run(command("web"), cwd=tmp_path, env=environment(tmp_path),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip().startswith("error: no base URL: give --base-url or set "
                                          "CYCLES_BASE_URL")

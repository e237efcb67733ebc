"""scripts/mongo-local as the Makefile and the Swift tests use it."""

import os
import signal
import subprocess
import time
from pathlib import Path

MONGO_LOCAL = Path(__file__).resolve().parents[2] / 'mongo-local'


def mongo_local(state, *arguments, **environment):
    env = {key: value for key, value in os.environ.items() if key != 'MONGODB_URI'}
    env.update(MONGO_LOCAL_STATE=str(state), **environment)
    return subprocess.run([MONGO_LOCAL, *arguments], env=env, capture_output=True, text=True, timeout=60)


def gone(pid):
    """Exited, zombies included: the database is not our child, so we cannot reap it."""
    state = subprocess.run(['ps', '-o', 'stat=', '-p', str(pid)], capture_output=True, text=True).stdout
    return not state.strip() or state.startswith('Z')


def test_stop_kills_a_database_that_ignores_sigterm(tmp_path):
    started = mongo_local(tmp_path, 'start')
    assert started.returncode == 0, started.stderr
    pid = int((tmp_path / 'pid').read_text())
    # A stopped process leaves SIGTERM pending, as a hung database would ignore it.
    os.kill(pid, signal.SIGSTOP)
    try:
        stopped = mongo_local(tmp_path, 'stop', MONGO_LOCAL_STOP_TIMEOUT='1')
        assert stopped.returncode == 0, stopped.stderr
        assert 'SIGKILL' in stopped.stderr
        deadline = time.monotonic() + 5
        while not gone(pid):
            assert time.monotonic() < deadline, f'pid {pid} still alive'
            time.sleep(0.05)
        assert not (tmp_path / 'pid').exists()
    finally:
        if not gone(pid):
            os.kill(pid, signal.SIGKILL)

"""One bounded load run: wrk against the server, or TripPlannerBench against the database."""

import json
import os
import subprocess
import sys
from pathlib import Path

from procstats import CpuMeter, peak_rss_mib

WRK_SCRIPTS = Path(__file__).resolve().parent / 'wrk'
# Longer than any latency worth measuring, so that a slow server shows as latency (bcrypt at
# cost 12 queues requests for seconds) rather than as wrk's default 2 s timeouts.
WRK_TIMEOUT = '10s'
# How long past its duration a load generator may take before it is considered hung.
GRACE_SECONDS = 60


def per_thousand(used_ms, count):
    return used_ms * 1000 / count if count else None


def wrk_command(port, script, seconds, connections, threads, script_args=()):
    return ['wrk', '-t', str(threads), '-c', str(connections), '-d', f'{seconds}s', '--timeout', WRK_TIMEOUT,
            '-s', str(WRK_SCRIPTS / script), f'http://127.0.0.1:{port}', '--', *script_args]


def wrk_result(output):
    """The figures common.lua prints at the end of a wrk run."""
    line = next((line for line in output.splitlines() if line.startswith('BENCH_RESULT ')), None)
    if line is None:
        raise RuntimeError(f'wrk printed no result:\n{output}')
    return json.loads(line.removeprefix('BENCH_RESULT '))


def wrk_environment(authorization):
    return dict(os.environ, BENCH_AUTHORIZATION=authorization)


def run_wrk(settings, authorization, script, script_args=()):
    """Drives the server with wrk, every request with `authorization`, and returns its figures
    with the processes' CPU and memory."""
    command = wrk_command(settings.port, script, settings.seconds, settings.connections, settings.threads, script_args)
    with CpuMeter(settings.server_pid, settings.db_pid) as meter:
        output = _run(command, settings.seconds, wrk_environment(authorization))
    result = wrk_result(output)
    requests = result['requests']
    seconds = result.pop('duration_us') / 1e6
    return {
        'requests': requests,
        'seconds': seconds,
        'requests_per_sec': requests / seconds,
        'p50_ms': result['p50_ms'],
        'p99_ms': result['p99_ms'],
        'max_ms': result['max_ms'],
        'errors': result['non_2xx'] + sum(result['socket_errors'].values()),
        'non_2xx': result['non_2xx'],
        'socket_errors': result['socket_errors'],
        'cpu_ms': meter.used_ms,
        'server_cpu_ms_per_1k': per_thousand(meter.used_ms['server'], requests),
        'db_cpu_ms_per_1k': per_thousand(meter.used_ms['db'], requests),
        'wrk_cpu_ms_per_1k': per_thousand(meter.used_ms['client'], requests),
        'server_peak_rss_mib': peak_rss_mib(settings.server_pid),
    }


def run_tool(settings, operation):
    """The same operation straight at the database, with as many in flight as wrk's connections."""
    command = [str(settings.tool), '--operation', operation, '--uri', settings.uri,
               '--database', settings.database, '--concurrency', str(settings.connections),
               '--duration', str(settings.seconds), '--owner', settings.owner,
               '--ids-file', str(settings.ids_file)]
    with CpuMeter(settings.server_pid, settings.db_pid) as meter:
        output = _run(command, settings.seconds)
    result = json.loads(output.strip().splitlines()[-1])
    result['db_cpu_ms_per_1k'] = per_thousand(meter.used_ms['db'], result['ops'])
    result['tool_cpu_ms_per_1k'] = per_thousand(meter.used_ms['client'], result['ops'])
    return result


def _run(command, seconds, environment=None):
    completed = subprocess.run(command, env=environment, capture_output=True, text=True,
                               timeout=seconds + GRACE_SECONDS)
    if completed.returncode != 0:
        raise RuntimeError(f'{command[0]} failed ({completed.returncode}):\n{completed.stderr}')
    if completed.stderr:
        print(completed.stderr.strip(), file=sys.stderr)
    return completed.stdout

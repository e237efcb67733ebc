"""scripts/soak's measuring: mixed load for a while, the server's resident memory sampled throughout.

    soak.py --port P --server-pid PID --uri URI --database DB --state DIR
            --seconds S --warmup W --interval I --tolerance-mib T --connections N

Runs every bench scenario's wrk script at once (N connections each) for S seconds and samples
the server's RSS every I seconds. Exits 1 when the RSS at the end exceeds the RSS after the
first W seconds by more than T MiB, or when any request failed.
"""

import argparse
import subprocess
import sys
import time
from pathlib import Path

import load
import scenarios
import seed
from api import Api
from procstats import peak_rss_mib, rss_mib

SAMPLES_PER_LINE = 12


def soak(settings):
    progress(f'preparing the user and its {seed.TRIPS} trips')
    authorization, _, ids_file = seed.prepare(settings.port, settings.uri, settings.database, Path(settings.state))
    _, signed_in = Api(settings.port, authorization).call('POST', '/sessions', {'device': 'soak'}, expect=(201,))
    environments = {'basic': load.wrk_environment(authorization),
                    'bearer': load.wrk_environment(f'Bearer {signed_in["token"]}')}
    progress(f'{settings.seconds} s of {", ".join(scenario.title for scenario in scenarios.ALL)} at once, '
             f'{settings.connections} connections each')
    runs = {}
    for scenario in scenarios.ALL:
        args = [str(ids_file)] if scenario.uses_ids else []
        command = load.wrk_command(settings.port, scenario.wrk_script, settings.seconds, settings.connections, 1, args)
        runs[scenario] = subprocess.Popen(command, env=environments[scenario.credential], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                          text=True)
    samples = sample_rss(settings, runs.values())
    failed = 0
    print(f'Soak: {settings.seconds} s, server RSS every {settings.interval} s (MiB):')
    for row in range(0, len(samples), SAMPLES_PER_LINE):
        print('  ' + '  '.join(f'{elapsed:.0f}s {rss:.1f}' for elapsed, rss in samples[row:row + SAMPLES_PER_LINE]))
    for scenario, run in runs.items():
        output, errors = run.communicate(timeout=load.GRACE_SECONDS)
        if run.returncode != 0:
            raise RuntimeError(f'wrk failed ({run.returncode}):\n{errors}')
        result = load.wrk_result(output)
        scenario_errors = result['non_2xx'] + sum(result['socket_errors'].values())
        failed += scenario_errors
        print(f'  {scenario.title}: {result["requests"]} requests, {scenario_errors} errors, p99 {result["p99_ms"]:.1f} ms')

    after_warmup = next(rss for elapsed, rss in samples if elapsed >= settings.warmup)
    end = samples[-1][1]
    growth = end - after_warmup
    print(f'RSS after {settings.warmup} s warm-up: {after_warmup:.1f} MiB; at the end: {end:.1f} MiB '
          f'({growth:+.1f}); peak: {peak_rss_mib(settings.server_pid):.1f} MiB; tolerance: +{settings.tolerance_mib} MiB')
    if growth > settings.tolerance_mib:
        progress(f'FAIL: the server grew by {growth:.1f} MiB after warm-up')
        return 1
    if failed:
        progress(f'FAIL: {failed} requests failed')
        return 1
    return 0


def sample_rss(settings, runs):
    """(seconds since the start, RSS in MiB) every interval until every run has ended."""
    start = time.monotonic()
    samples = []
    while True:
        samples.append((time.monotonic() - start, rss_mib(settings.server_pid)))
        if all(run.poll() is not None for run in runs):
            return samples
        time.sleep(settings.interval)


def progress(message):
    print(f'soak: {message}', file=sys.stderr, flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    for option in ('port', 'server-pid', 'seconds', 'warmup', 'interval', 'connections'):
        parser.add_argument(f'--{option}', type=int, required=True)
    parser.add_argument('--tolerance-mib', type=float, required=True)
    for option in ('uri', 'database', 'state'):
        parser.add_argument(f'--{option}', required=True)
    sys.exit(soak(parser.parse_args()))


if __name__ == '__main__':
    main()

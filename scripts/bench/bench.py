"""scripts/bench's measuring and reporting; scripts/bench/run starts and stops the processes.

    bench.py cost-run --port P --server-pid PID --db-pid PID --uri URI --database DB --cost C
                      --seconds S --connections N --threads T --tool PATH --state DIR
    bench.py report --state DIR --output FILE --database-kind KIND

cost-run measures one server (one BCRYPT_COST) and writes STATE/cost-C.json; report reads
every such file, writes the combined JSON to FILE and prints the tables.
"""

import argparse
import http.client
import json
import re
import sys
from pathlib import Path

import load
import pages
import report
import scenarios
import seed
from api import Api


def cost_run(settings):
    state = Path(settings.state)
    progress(f'BCRYPT_COST={settings.cost}: preparing the user and its {seed.TRIPS} trips')
    settings.authorization, settings.owner, settings.ids_file = seed.prepare(
        settings.port, settings.uri, settings.database, state)
    # Setting the password forgot the credentials, so the next request pays one bcrypt, as a
    # login does. Paid here, not in the first scenario: wrk corrects for coordinated omission,
    # and one stall of 16 connections at cost 12 would read as a 100 ms 99th percentile.
    Api(settings.port, settings.authorization).call('GET', '/users')
    _, signed_in = Api(settings.port, settings.authorization).call('POST', '/sessions', {'device': 'bench'}, expect=(201,))
    authorizations = {'basic': settings.authorization, 'bearer': f'Bearer {signed_in["token"]}'}
    run = {'cost': settings.cost, 'seconds': settings.seconds, 'connections': settings.connections,
           'wrk_threads': settings.threads, 'scenarios': {}}
    for scenario in scenarios.ALL:
        if scenario is scenarios.POST_TRIP:
            # Timed while the collection holds exactly the seeded trips: POST adds more.
            progress(f'BCRYPT_COST={settings.cost}: page 1 vs page {pages.LAST_PAGE}')
            run['pages'] = pages.time_pages(settings.port, settings.authorization)
        progress(f'BCRYPT_COST={settings.cost}: {scenario.title} over HTTP, then the database alone')
        args = [str(settings.ids_file)] if scenario.uses_ids else []
        before = auth_reads(settings.port)
        http = load.run_wrk(settings, authorizations[scenario.credential], scenario.wrk_script, args)
        # One credential shared by every connection: the database reads authentication cost it.
        reads = auth_reads(settings.port)[scenario.credential] - before[scenario.credential]
        http['auth_db_reads_per_sec'] = reads / http['seconds']
        run['scenarios'][scenario.key] = {'http': http, 'db': load.run_tool(settings, scenario.operation)}
    (state / f'cost-{settings.cost}.json').write_text(json.dumps(run, indent=2))


def auth_reads(port):
    """authentication_database_reads_total per credential kind, from GET /metrics."""
    connection = http.client.HTTPConnection('127.0.0.1', port, timeout=30)
    connection.request('GET', '/metrics')
    text = connection.getresponse().read().decode()
    connection.close()
    reads = {'basic': 0.0, 'bearer': 0.0}
    for match in re.finditer(r'^authentication_database_reads_total\{credential="(\w+)"\} (\S+)$', text, re.MULTILINE):
        reads[match[1]] = float(match[2])
    return reads


def progress(message):
    print(f'bench: {message}', file=sys.stderr, flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest='command', required=True)
    run = commands.add_parser('cost-run')
    for option in ('port', 'server-pid', 'db-pid', 'cost', 'seconds', 'connections', 'threads'):
        run.add_argument(f'--{option}', type=int, required=True)
    for option in ('uri', 'database', 'tool', 'state'):
        run.add_argument(f'--{option}', required=True)
    summary = commands.add_parser('report')
    for option in ('state', 'output', 'database-kind'):
        summary.add_argument(f'--{option}', required=True)
    arguments = parser.parse_args()
    if arguments.command == 'cost-run':
        cost_run(arguments)
    else:
        report.write_and_print(Path(arguments.state), Path(arguments.output), arguments.database_kind)


if __name__ == '__main__':
    main()

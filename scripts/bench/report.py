"""The combined results: JSON for machines, tables for people."""

import json

import pages
import scenarios
import seed


def write_and_print(state, output, database_kind):
    runs = {}
    for path in state.glob('cost-*.json'):
        run = json.loads(path.read_text())
        runs[run['cost']] = run
    # Highest cost first: the production setting, then the cheap one it is compared with.
    costs = sorted(runs, reverse=True)
    results = {
        'database': database_kind,
        'trips': seed.TRIPS,
        'waypoints_per_trip': seed.WAYPOINTS,
        'runs': {str(cost): runs[cost] for cost in costs},
        'page_query': pages.QUERY_SHAPE,
    }
    if len(costs) == 2:
        results['throughput_ratio'] = _ratios(runs[costs[0]], runs[costs[-1]])
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=2) + '\n')

    print(f'Trip Planner benchmark: one user with {seed.TRIPS} trips of {seed.WAYPOINTS} waypoints, '
          f'database: {database_kind}, everything on 127.0.0.1')
    for cost in costs:
        _print_run(runs[cost])
    if len(costs) == 2:
        _print_ratios(costs, runs, results['throughput_ratio'])
    print(f'\nA page of GET /trips asks MongoDB for: {pages.QUERY_SHAPE}.')
    print(f'Raw figures: {output}')


def _ratios(high, low):
    return {scenario.key: _divide(high['scenarios'][scenario.key]['http']['requests_per_sec'],
                                  low['scenarios'][scenario.key]['http']['requests_per_sec'])
            for scenario in scenarios.ALL}


def _print_run(run):
    print(f'\n== BCRYPT_COST={run["cost"]}: {run["connections"]} connections, '
          f'{run["seconds"]} s per scenario, wrk -t {run["wrk_threads"]} ==')
    print('HTTP, driven by wrk (CPU and errors over the whole scenario; peak RSS is VmHWM since start; wrk\'s p99 is')
    print('corrected for coordinated omission, so one stall of every connection lifts it towards the max):')
    rows = []
    for scenario in scenarios.ALL:
        http = run['scenarios'][scenario.key]['http']
        rows.append([scenario.title, http['requests_per_sec'], http['p50_ms'], http['p99_ms'], http['max_ms'], http['errors'],
                     http['server_cpu_ms_per_1k'], http['db_cpu_ms_per_1k'], http['wrk_cpu_ms_per_1k'],
                     http['server_peak_rss_mib']])
    _table(['scenario', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'errors', 'server CPU ms/1k req', 'db CPU ms/1k',
            'wrk CPU ms/1k', 'server peak RSS MiB'], rows)
    print('The same database work without HTTP (TripPlannerBench, same concurrency and duration):')
    rows = []
    for scenario in scenarios.ALL:
        measured = run['scenarios'][scenario.key]
        db = measured['db']
        share = _divide(measured['http']['requests_per_sec'], db['ops_per_sec'])
        rows.append([scenario.operation, db['ops_per_sec'], db['p50_ms'], db['p99_ms'], db['max_ms'], db['errors'],
                     db['db_cpu_ms_per_1k'], db['tool_cpu_ms_per_1k'], None if share is None else f'{share:.0%}'])
    _table(['operation', 'ops/s', 'p50 ms', 'p99 ms', 'max ms', 'errors', 'db CPU ms/1k', 'tool CPU ms/1k',
            'server / db throughput'], rows)
    basic, bearer = (run['scenarios'][scenario.key]['http'] for scenario in (scenarios.GET_TRIP, scenarios.GET_TRIP_BEARER))
    cpu_ratio = _divide(bearer['server_cpu_ms_per_1k'], basic['server_cpu_ms_per_1k'])
    print('GET /trips/{id} by credential (one credential on every connection; database reads for authentication '
          'from /metrics, authentication_database_reads_total):')
    _table(['credential', 'req/s', 'server CPU ms/1k req', 'vs Basic', 'auth db reads/s'],
           [['Basic', basic['requests_per_sec'], basic['server_cpu_ms_per_1k'], None, basic['auth_db_reads_per_sec']],
            ['Bearer', bearer['requests_per_sec'], bearer['server_cpu_ms_per_1k'],
             None if cpu_ratio is None else f'{cpu_ratio - 1:+.1%}', bearer['auth_db_reads_per_sec']]])
    timing = run['pages']
    print(f'Listing at limit={timing["limit"]}, median of {timing["samples"]} requests each: '
          f'page 1 {timing["page_1_median_ms"]:.2f} ms, '
          f'page {pages.LAST_PAGE} {timing[f"page_{pages.LAST_PAGE}_median_ms"]:.2f} ms')


def _print_ratios(costs, runs, ratios):
    high, low = costs
    print(f'\n== Throughput at BCRYPT_COST={high} vs {low} ==')
    rows = [[scenario.title, runs[high]['scenarios'][scenario.key]['http']['requests_per_sec'],
             runs[low]['scenarios'][scenario.key]['http']['requests_per_sec'], ratios[scenario.key]]
            for scenario in scenarios.ALL]
    _table(['scenario', f'req/s at {high}', f'req/s at {low}', f'ratio {high}/{low}'], rows)


def _divide(numerator, denominator):
    return numerator / denominator if denominator else None


def _table(headers, rows):
    cells = [headers] + [[_format(value) for value in row] for row in rows]
    widths = [max(len(row[column]) for row in cells) for column in range(len(headers))]
    for row in cells:
        # The first column is a name, left-aligned; the figures are right-aligned.
        print('  '.join(cell.ljust(width) if column == 0 else cell.rjust(width)
                        for column, (cell, width) in enumerate(zip(row, widths))))


def _format(value):
    if value is None:
        return '-'
    if isinstance(value, float):
        return f'{value:.2f}' if value < 100 else f'{value:.0f}'
    return str(value)

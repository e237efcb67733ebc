"""Page 1 against page 40 of the seeded user's listing: keyset pagination should cost the same
for any page, where skip/limit would grow with the page number."""

import statistics
import time

from api import Api

LIMIT = 25
LAST_PAGE = 40
SAMPLES = 20

# What the server asks MongoDB for one page (Sources/TripPlanner/Storage/OwnedCollection.swift
# and PageCursor.swift), printed with the timings.
QUERY_SHAPE = ('{owner, $or: [{created_at: {$lt: c}}, {created_at: c, _id: {$lt: id}}]} '
               'sorted {created_at: -1, _id: -1} limit N+1, no skip; '
               'served by the index owner_1_created_at_-1__id_-1')


def time_pages(port, authorization):
    """Follows `next` from page 1 to page 40, then times alternate requests to both URLs."""
    api = Api(port, authorization)
    first = f'/trips?limit={LIMIT}'
    url = first
    for page in range(1, LAST_PAGE):
        _, body = api.call('GET', url)
        if body['next'] is None:
            raise RuntimeError(f'the listing ended at page {page}; expected {LAST_PAGE}')
        url = f'{first}&cursor={body["next"]}'
    last = url
    timings = {first: [], last: []}
    for _ in range(SAMPLES):
        for page_url, samples in timings.items():
            started = time.perf_counter()
            _, body = api.call('GET', page_url)
            samples.append((time.perf_counter() - started) * 1000)
            if len(body['trips']) != LIMIT:
                raise RuntimeError(f'{page_url} returned {len(body["trips"])} trips, expected {LIMIT}')
    api.close()
    return {
        'limit': LIMIT,
        'samples': SAMPLES,
        'page_1_median_ms': statistics.median(timings[first]),
        f'page_{LAST_PAGE}_median_ms': statistics.median(timings[last]),
        'query': QUERY_SHAPE,
    }

"""The HTTP scenarios and, for each, the operation that measures the database alone."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Scenario:
    key: str
    title: str
    wrk_script: str
    # Whether the wrk script picks random trips from the ids file.
    uses_ids: bool
    # TripPlannerBench's --operation for the same database work.
    operation: str
    # What every request authenticates with: 'basic' (the password) or 'bearer' (a session
    # token from POST /sessions), one credential shared by every connection.
    credential: str = 'basic'


GET_TRIP = Scenario('get_trip', 'GET /trips/{id}', 'get-trip.lua', True, 'find-by-id')
GET_TRIP_BEARER = Scenario('get_trip_bearer', 'GET /trips/{id}, Bearer', 'get-trip.lua', True, 'find-by-id', 'bearer')
LIST_TRIPS = Scenario('list_trips', 'GET /trips?limit=20', 'list-trips.lua', False, 'list')
PATCH_TRIP = Scenario('patch_trip', 'PATCH /trips/{id}', 'patch-trip.lua', True, 'update')
POST_TRIP = Scenario('post_trip', 'POST /trips', 'post-trip.lua', False, 'insert')

# The order they run and are shown in. POST comes last because it grows the collection.
ALL = [GET_TRIP, GET_TRIP_BEARER, LIST_TRIPS, PATCH_TRIP, POST_TRIP]

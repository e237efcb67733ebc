"""A minimal client of the Trip Planner API (docs/API.md) on loopback.

One persistent HTTP/1.1 connection per client, as wrk uses, so that timings measure the
server rather than connection set-up. A client is not thread-safe: use one per thread.
"""

import base64
import http.client
import json


class ApiError(Exception):
    pass


def basic_authorization(username, password):
    token = base64.b64encode(f'{username}:{password}'.encode()).decode()
    return f'Basic {token}'


class Api:
    def __init__(self, port, authorization=None):
        self._connection = http.client.HTTPConnection('127.0.0.1', port, timeout=60)
        self._authorization = authorization

    def call(self, method, path, body=None, expect=(200,)):
        """Sends one request and returns (status, decoded JSON body or None)."""
        headers = {}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers['Content-Type'] = 'application/json'
        if self._authorization:
            headers['Authorization'] = self._authorization
        self._connection.request(method, path, body=data, headers=headers)
        response = self._connection.getresponse()
        payload = response.read()
        if response.status not in expect:
            raise ApiError(f'{method} {path}: HTTP {response.status} {payload[:300]!r}')
        return response.status, json.loads(payload) if payload else None

    def close(self):
        self._connection.close()
